use std::process::ExitCode;

fn main() -> ExitCode {
    trigger_privatelink::main()
}
