# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_trigger_privatelink_global_optspecs
    string join \n profile= region= endpoint-url= output= no-input y/yes v/verbose q/quiet call-timeout= color= h/help V/version
end

function __fish_trigger_privatelink_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_trigger_privatelink_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_trigger_privatelink_using_subcommand
    set -l cmd (__fish_trigger_privatelink_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -s V -l version -d 'Print version'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "setup" -d 'Every step for one connection: a wizard in a terminal, or flags in CI; a plan first'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "doctor" -d 'Check everything that makes a private connection fail, with a verdict and a fix for each'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "status" -d 'One view of a connection: every resource with its state, Trigger.dev\'s endpoints, the service name'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "list" -d 'Every connection of the tool in the region: service, states, healthy targets, Trigger.dev\'s endpoints'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "sync-targets" -d 'Make the target group match the resource\'s current IPs (after a failover or maintenance)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "alerts" -d 'Be told when the connection breaks: CloudWatch alarms and the endpoint service\'s connection events, to SNS'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "teardown" -d 'Delete a connection\'s resources, and only those carrying its tags'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "export" -d 'Print the connection as another tool\'s configuration (Terraform), to manage it there'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "iam-policy" -d 'Print the least-privilege IAM policy for the tool'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "generate-docs" -d 'Write completions/ and man/ from these definitions (for maintainers)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "resolve-ips" -d 'Find the private IPs of an RDS, Aurora, DocumentDB, Neptune, ElastiCache or Redshift resource (its network interfaces)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "create-target-group" -d 'Step 1: a TCP target group with the resource\'s IPs registered'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "create-nlb" -d 'Step 2: an internal Network Load Balancer with a TCP listener forwarding to the target group'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "disable-enforcement" -d 'Step 3: turn off "enforce inbound rules on PrivateLink traffic" on the NLB'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "create-endpoint-service" -d 'Step 4: a VPC endpoint service on the NLB (no acceptance, no private DNS)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "allow-principal" -d 'Step 5: allow Trigger.dev\'s AWS account to connect to the endpoint service'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "service-name" -d 'Step 6: print the endpoint service name to paste into the Trigger.dev dashboard'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l name -d 'Connection name: 1-24 lowercase letters, digits and hyphens (default in the wizard: from the resource)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l vpc -d 'The VPC of the resource (default: the resource\'s VPC)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l rds-instance -d 'An RDS DB instance identifier (repeatable: a route each)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l rds-cluster -d 'An RDS/Aurora DB cluster identifier (its writer is the target) (repeatable: a route each)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l docdb-cluster -d 'An Amazon DocumentDB cluster identifier (its writer is the target) (repeatable: a route each)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l neptune-cluster -d 'An Amazon Neptune cluster identifier (its writer is the target) (repeatable: a route each)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l elasticache-cluster -d 'An ElastiCache cache cluster ID (every node is a target) (repeatable: a route each)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l elasticache-replication-group -d 'An ElastiCache replication group ID (its primary is the target) (repeatable: a route each)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l redshift-cluster -d 'An Amazon Redshift cluster identifier (its leader node is the target) (repeatable: a route each)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l rds-proxy -d 'An RDS Proxy name (each of its interfaces is a target) (repeatable: a route each)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l mq-broker -d 'An Amazon MQ for ActiveMQ broker, by name or ID (each broker instance is a target; OpenWire 61617) (repeatable: a route each)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l target-ip -d 'A private IP to expose (repeatable), instead of a resource flag' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l instance -d 'A running EC2 instance to expose, registered by ID (repeatable; needs --port)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l alb -d 'An Application Load Balancer to expose (ARN or name); --port must be one of its listener ports' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l health-check-path -d 'The path the NLB health-checks on the ALB over HTTP(S) [default: /]' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l nlb -d 'Expose a Network Load Balancer you already have (ARN or name): no target group or listener is made' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l port -d 'A port to expose (repeatable, up to 50: a target group and listener each; default: the resource\'s port)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l route -d 'A listener port and where it forwards (repeatable): LISTENER=IP[:PORT] (a broker, a host) or LISTENER=KIND:ID (a resource on another port than its own, e.g. 5433=rds-instance:analytics-db)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l endpoint-ip -d 'The IP of Trigger.dev\'s endpoint, when known (Kafka: fills in the advertised.listeners lines setup prints)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l subnet -d 'A private subnet for the NLB, one per availability zone (default with a resource: one private subnet in every zone of its VPC, its own first)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l account-id -d 'Trigger.dev\'s 12-digit AWS account ID, from the dashboard\'s "Add connection" page (repeatable)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l supported-region -d 'Another region Trigger.dev may connect from (repeatable); cross-region adds ~10-30 ms and data-transfer cost' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l wait-timeout -d 'Give up waiting for the NLB or endpoint service after this many seconds' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l no-supported-region -d 'Trigger.dev connects from this region only (the wizard does not ask about others)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l resource-security-group-rule -d 'Let the resource\'s security group admit the port from the NLB (when it does not already)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l no-resource-security-group-rule -d 'Leave the resource\'s security group as it is'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l all-nodes -d 'Register replicas and readers too, not only the primary/writer'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l no-cross-zone -d 'Leave cross-zone load balancing off'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l dry-run -d 'Print the plan (and check EC2 permissions with DryRun); change nothing'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand setup" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l name -d 'Connection name (its tagged resources)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l service-id -d 'An endpoint service built by any means (vpce-svc-…)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l service-name -d 'An endpoint service by name (com.amazonaws.vpce.<region>.vpce-svc-…)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l nlb -d 'The NLB\'s ARN or name' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l account-id -d 'Trigger.dev\'s AWS account ID that must be allowed (repeatable)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l port -d 'A port your tasks dial (repeatable): each must have a listener' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l task-region -d 'The region your tasks run in' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l vendor-zone-id -d 'A zone ID Trigger.dev\'s endpoint is in, e.g. use1-az4 (repeatable): the service must serve it' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l watch -d 'Check again every 5 s until nothing fails and Trigger.dev\'s endpoint is available, for at most SECONDS [default when given alone: 300]' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l since -d 'How far back to read what CloudWatch measured: 15m, 1h, 24h (5m to 24h)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l probe-role -d 'With --probe: the role the prober runs as, where the tool may not create one' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l fix -d 'Offer every fix the tool can make, apply the confirmed ones (--yes: all), check again'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l probe -d 'Dial each route from inside the VPC, through the NLB and through an endpoint made for the run (billed: see --dry-run)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l dry-run -d 'With --probe: print what it would create, how long it takes and what it costs; change nothing'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -l name -d 'Connection name (default: the only connection in the region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -l service-id -d 'An endpoint service built by any means (vpce-svc-…)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -l since -d 'How far back to read what CloudWatch measured: 15m, 1h, 24h (5m to 24h)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand status" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand list" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand list" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand list" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand list" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand list" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand list" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand list" -l all-regions -d 'Every region the account has enabled, not only the current one'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand list" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand list" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand list" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand list" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand list" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l name -d 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l every -d 'How often the installed sync runs [default: 1m]' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l package-to -d 'Write the sync function\'s deployment package (the zip `--install` uploads; the same bytes every run) into this folder, to review' -r -F
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l dry-run -d 'Show the change; make none'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l check -d 'Change nothing; exit 1 when the targets have drifted'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l install -d 'Install the sync in your account (a Lambda function, its role, log group and rules, tagged): the targets follow failovers with nothing running elsewhere'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l uninstall -d 'Remove the installed sync (teardown removes it too)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand sync-targets" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -l name -d 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -l email -d 'Send alerts to this address: the tool makes a topic (tpl-<name>-alerts) and subscribes it (AWS mails a link to confirm)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -l sns-topic -d 'Send alerts to a topic you have (in the connection\'s region); the tool does not change it' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -l remove -d 'Delete the alarms, the connection notification and the tool\'s own topic (teardown does too)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -l dry-run -d 'Print the plan; change nothing'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand alerts" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -l name -d 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -l wait-timeout -d 'Give up waiting for the NLB, or Lambda\'s hold on the prober\'s interfaces, to go after this many seconds' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -l port -d 'Remove only the route on this listener port (its listener, target group and rules); the connection and its other routes stay' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -l dry-run -d 'List what would be deleted; delete nothing'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -l force -d 'Delete even while Trigger.dev\'s endpoint is connected (its connection is rejected)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -l ignore-not-found -d 'Succeed when nothing of the connection is left (a repeated pipeline step); without it, a name that names nothing is exit 2'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand teardown" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and not __fish_seen_subcommand_from terraform help" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and not __fish_seen_subcommand_from terraform help" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and not __fish_seen_subcommand_from terraform help" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and not __fish_seen_subcommand_from terraform help" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and not __fish_seen_subcommand_from terraform help" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and not __fish_seen_subcommand_from terraform help" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and not __fish_seen_subcommand_from terraform help" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and not __fish_seen_subcommand_from terraform help" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and not __fish_seen_subcommand_from terraform help" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and not __fish_seen_subcommand_from terraform help" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and not __fish_seen_subcommand_from terraform help" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and not __fish_seen_subcommand_from terraform help" -f -a "terraform" -d 'A Terraform configuration of the connection as it is in AWS now, with an import block per resource'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and not __fish_seen_subcommand_from terraform help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -l name -d 'Connection name (default: the only connection in the region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -l service-id -d 'An endpoint service built by any means (vpce-svc-…)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -l output-dir -d 'Write main.tf and imports.tf into this folder (made if missing) instead of printing them' -r -F
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from terraform" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "terraform" -d 'A Terraform configuration of the connection as it is in AWS now, with an import block per resource'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -l for -d 'Only what this command needs (default: every command)' -r -f -a "setup\t''
doctor\t''
sync-targets\t''
doctor-probe\t'`doctor --probe`: doctor\'s reads, and the prober and its endpoint'
alerts\t''
teardown\t''
export\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -l name -d 'With --scoped: only this connection\'s resources' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -l security-group -d 'With --scoped: a group of yours the tool may add its rule to (the resource\'s; repeatable)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -l scoped -d 'Changes only on resources carrying the tool\'s tags, creates only with them'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand iam-policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand completions" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand completions" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand completions" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand completions" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand completions" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand completions" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand completions" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand completions" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand completions" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand completions" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand generate-docs" -l out-dir -d 'Where completions/ and man/ are written' -r -F
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand generate-docs" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand generate-docs" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand generate-docs" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand generate-docs" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand generate-docs" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand generate-docs" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand generate-docs" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand generate-docs" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand generate-docs" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand generate-docs" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand generate-docs" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l rds-instance -d 'An RDS DB instance identifier' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l rds-cluster -d 'An RDS/Aurora DB cluster identifier (its writer is the target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l docdb-cluster -d 'An Amazon DocumentDB cluster identifier (its writer is the target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l neptune-cluster -d 'An Amazon Neptune cluster identifier (its writer is the target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l elasticache-cluster -d 'An ElastiCache cache cluster ID (every node is a target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l elasticache-replication-group -d 'An ElastiCache replication group ID (its primary is the target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l redshift-cluster -d 'An Amazon Redshift cluster identifier (its leader node is the target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l rds-proxy -d 'An RDS Proxy name (each of its interfaces is a target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l mq-broker -d 'An Amazon MQ for ActiveMQ broker, by name or ID (each broker instance is a target; OpenWire 61617)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l vpc -d 'Only look in this VPC' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand resolve-ips" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l name -d 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l vpc -d 'The VPC of the targets (default: the resource\'s VPC)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l port -d 'A port the resource listens on (repeatable: a target group each; default: the resource\'s port)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l rds-instance -d 'An RDS DB instance identifier' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l rds-cluster -d 'An RDS/Aurora DB cluster identifier (its writer is the target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l docdb-cluster -d 'An Amazon DocumentDB cluster identifier (its writer is the target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l neptune-cluster -d 'An Amazon Neptune cluster identifier (its writer is the target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l elasticache-cluster -d 'An ElastiCache cache cluster ID (every node is a target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l elasticache-replication-group -d 'An ElastiCache replication group ID (its primary is the target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l redshift-cluster -d 'An Amazon Redshift cluster identifier (its leader node is the target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l rds-proxy -d 'An RDS Proxy name (each of its interfaces is a target)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l mq-broker -d 'An Amazon MQ for ActiveMQ broker, by name or ID (each broker instance is a target; OpenWire 61617)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l target-ip -d 'A private IP to expose (repeatable), instead of a resource flag' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l instance -d 'A running EC2 instance to expose, registered by ID (repeatable; needs --port)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l alb -d 'An Application Load Balancer to expose (ARN or name); --port must be one of its listener ports' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l health-check-path -d 'The path the NLB health-checks on the ALB over HTTP(S) [default: /]' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l all-nodes -d 'Register replicas and readers too, not only the primary/writer'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-target-group" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l name -d 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l subnet -d 'A private subnet for the NLB (repeatable, one per availability zone)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l security-group -d 'Attach this security group instead of creating a dedicated one' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l port -d 'Listener port, with --target-group-arn (default: each target group\'s own port)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l target-group-arn -d 'The target group to forward to (default: the connection\'s)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l wait-timeout -d 'Give up waiting after this many seconds' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l no-cross-zone -d 'Leave cross-zone load balancing off'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l no-wait -d 'Do not wait for the resource to become ready'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-nlb" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand disable-enforcement" -l name -d 'Connection name (the NLB tagged with it)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand disable-enforcement" -l nlb -d 'The NLB\'s ARN or name' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand disable-enforcement" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand disable-enforcement" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand disable-enforcement" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand disable-enforcement" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand disable-enforcement" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand disable-enforcement" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand disable-enforcement" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand disable-enforcement" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand disable-enforcement" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand disable-enforcement" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand disable-enforcement" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -l name -d 'Connection name (the NLB tagged with it)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -l nlb -d 'The NLB\'s ARN or name, for an NLB not made by this tool' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -l supported-region -d 'Another region Trigger.dev may connect from (repeatable); cross-region adds latency and cost' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -l wait-timeout -d 'Give up waiting after this many seconds' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -l no-wait -d 'Do not wait for the resource to become ready'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand create-endpoint-service" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -l name -d 'Connection name (the endpoint service tagged with it)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -l service-id -d 'The endpoint service ID (vpce-svc-…)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -l account-id -d 'Trigger.dev\'s 12-digit AWS account ID, from the dashboard\'s "Add connection" page (repeatable)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -l principal -d 'A principal ARN of the form arn:aws:iam::123456789012:root (repeatable)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand allow-principal" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand service-name" -l name -d 'Connection name (the endpoint service tagged with it)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand service-name" -l service-id -d 'The endpoint service ID (vpce-svc-…)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand service-name" -l profile -d 'AWS profile (default: AWS_PROFILE, then the default profile)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand service-name" -l region -d 'AWS region (default: AWS_REGION, then the profile\'s region)' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand service-name" -l endpoint-url -d 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand service-name" -l output -d 'How to print results on stdout' -r -f -a "human\t''
json\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand service-name" -l call-timeout -d 'Give up on an AWS call that has no answer after this many seconds, retries included' -r
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand service-name" -l color -d 'Colour on stderr (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand service-name" -l no-input -d 'Never prompt; a value that is missing is an error naming its flag'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand service-name" -s y -l yes -d 'Answer yes to confirmations'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand service-name" -s v -l verbose -d 'More detail on stderr (repeat for more)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand service-name" -s q -l quiet -d 'Only errors on stderr'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand service-name" -s h -l help -d 'Print help'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "setup" -d 'Every step for one connection: a wizard in a terminal, or flags in CI; a plan first'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "doctor" -d 'Check everything that makes a private connection fail, with a verdict and a fix for each'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "status" -d 'One view of a connection: every resource with its state, Trigger.dev\'s endpoints, the service name'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "list" -d 'Every connection of the tool in the region: service, states, healthy targets, Trigger.dev\'s endpoints'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "sync-targets" -d 'Make the target group match the resource\'s current IPs (after a failover or maintenance)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "alerts" -d 'Be told when the connection breaks: CloudWatch alarms and the endpoint service\'s connection events, to SNS'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "teardown" -d 'Delete a connection\'s resources, and only those carrying its tags'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "export" -d 'Print the connection as another tool\'s configuration (Terraform), to manage it there'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "iam-policy" -d 'Print the least-privilege IAM policy for the tool'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "completions" -d 'Print a shell completion script'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "generate-docs" -d 'Write completions/ and man/ from these definitions (for maintainers)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "resolve-ips" -d 'Find the private IPs of an RDS, Aurora, DocumentDB, Neptune, ElastiCache or Redshift resource (its network interfaces)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "create-target-group" -d 'Step 1: a TCP target group with the resource\'s IPs registered'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "create-nlb" -d 'Step 2: an internal Network Load Balancer with a TCP listener forwarding to the target group'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "disable-enforcement" -d 'Step 3: turn off "enforce inbound rules on PrivateLink traffic" on the NLB'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "create-endpoint-service" -d 'Step 4: a VPC endpoint service on the NLB (no acceptance, no private DNS)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "allow-principal" -d 'Step 5: allow Trigger.dev\'s AWS account to connect to the endpoint service'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "service-name" -d 'Step 6: print the endpoint service name to paste into the Trigger.dev dashboard'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and not __fish_seen_subcommand_from setup doctor status list sync-targets alerts teardown export iam-policy completions generate-docs resolve-ips create-target-group create-nlb disable-enforcement create-endpoint-service allow-principal service-name help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c trigger-privatelink -n "__fish_trigger_privatelink_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "terraform" -d 'A Terraform configuration of the connection as it is in AWS now, with an import block per resource'
