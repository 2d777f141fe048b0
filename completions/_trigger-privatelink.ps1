
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'trigger-privatelink' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'trigger-privatelink'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'trigger-privatelink' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Every step for one connection: a wizard in a terminal, or flags in CI; a plan first')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check everything that makes a private connection fail, with a verdict and a fix for each')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'One view of a connection: every resource with its state, Trigger.dev''s endpoints, the service name')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every connection of the tool in the region: service, states, healthy targets, Trigger.dev''s endpoints')
            [CompletionResult]::new('sync-targets', 'sync-targets', [CompletionResultType]::ParameterValue, 'Make the target group match the resource''s current IPs (after a failover or maintenance)')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Be told when the connection breaks: CloudWatch alarms and the endpoint service''s connection events, to SNS')
            [CompletionResult]::new('teardown', 'teardown', [CompletionResultType]::ParameterValue, 'Delete a connection''s resources, and only those carrying its tags')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the connection as another tool''s configuration (Terraform), to manage it there')
            [CompletionResult]::new('iam-policy', 'iam-policy', [CompletionResultType]::ParameterValue, 'Print the least-privilege IAM policy for the tool')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ from these definitions (for maintainers)')
            [CompletionResult]::new('resolve-ips', 'resolve-ips', [CompletionResultType]::ParameterValue, 'Find the private IPs of an RDS, Aurora, DocumentDB, Neptune, ElastiCache or Redshift resource (its network interfaces)')
            [CompletionResult]::new('create-target-group', 'create-target-group', [CompletionResultType]::ParameterValue, 'Step 1: a TCP target group with the resource''s IPs registered')
            [CompletionResult]::new('create-nlb', 'create-nlb', [CompletionResultType]::ParameterValue, 'Step 2: an internal Network Load Balancer with a TCP listener forwarding to the target group')
            [CompletionResult]::new('disable-enforcement', 'disable-enforcement', [CompletionResultType]::ParameterValue, 'Step 3: turn off "enforce inbound rules on PrivateLink traffic" on the NLB')
            [CompletionResult]::new('create-endpoint-service', 'create-endpoint-service', [CompletionResultType]::ParameterValue, 'Step 4: a VPC endpoint service on the NLB (no acceptance, no private DNS)')
            [CompletionResult]::new('allow-principal', 'allow-principal', [CompletionResultType]::ParameterValue, 'Step 5: allow Trigger.dev''s AWS account to connect to the endpoint service')
            [CompletionResult]::new('service-name', 'service-name', [CompletionResultType]::ParameterValue, 'Step 6: print the endpoint service name to paste into the Trigger.dev dashboard')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trigger-privatelink;setup' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Connection name: 1-24 lowercase letters, digits and hyphens (default in the wizard: from the resource)')
            [CompletionResult]::new('--vpc', '--vpc', [CompletionResultType]::ParameterName, 'The VPC of the resource (default: the resource''s VPC)')
            [CompletionResult]::new('--rds-instance', '--rds-instance', [CompletionResultType]::ParameterName, 'An RDS DB instance identifier (repeatable: a route each)')
            [CompletionResult]::new('--rds-cluster', '--rds-cluster', [CompletionResultType]::ParameterName, 'An RDS/Aurora DB cluster identifier (its writer is the target) (repeatable: a route each)')
            [CompletionResult]::new('--docdb-cluster', '--docdb-cluster', [CompletionResultType]::ParameterName, 'An Amazon DocumentDB cluster identifier (its writer is the target) (repeatable: a route each)')
            [CompletionResult]::new('--neptune-cluster', '--neptune-cluster', [CompletionResultType]::ParameterName, 'An Amazon Neptune cluster identifier (its writer is the target) (repeatable: a route each)')
            [CompletionResult]::new('--elasticache-cluster', '--elasticache-cluster', [CompletionResultType]::ParameterName, 'An ElastiCache cache cluster ID (every node is a target) (repeatable: a route each)')
            [CompletionResult]::new('--elasticache-replication-group', '--elasticache-replication-group', [CompletionResultType]::ParameterName, 'An ElastiCache replication group ID (its primary is the target) (repeatable: a route each)')
            [CompletionResult]::new('--redshift-cluster', '--redshift-cluster', [CompletionResultType]::ParameterName, 'An Amazon Redshift cluster identifier (its leader node is the target) (repeatable: a route each)')
            [CompletionResult]::new('--rds-proxy', '--rds-proxy', [CompletionResultType]::ParameterName, 'An RDS Proxy name (each of its interfaces is a target) (repeatable: a route each)')
            [CompletionResult]::new('--mq-broker', '--mq-broker', [CompletionResultType]::ParameterName, 'An Amazon MQ for ActiveMQ broker, by name or ID (each broker instance is a target; OpenWire 61617) (repeatable: a route each)')
            [CompletionResult]::new('--target-ip', '--target-ip', [CompletionResultType]::ParameterName, 'A private IP to expose (repeatable), instead of a resource flag')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'A running EC2 instance to expose, registered by ID (repeatable; needs --port)')
            [CompletionResult]::new('--alb', '--alb', [CompletionResultType]::ParameterName, 'An Application Load Balancer to expose (ARN or name); --port must be one of its listener ports')
            [CompletionResult]::new('--health-check-path', '--health-check-path', [CompletionResultType]::ParameterName, 'The path the NLB health-checks on the ALB over HTTP(S) [default: /]')
            [CompletionResult]::new('--nlb', '--nlb', [CompletionResultType]::ParameterName, 'Expose a Network Load Balancer you already have (ARN or name): no target group or listener is made')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'A port to expose (repeatable, up to 50: a target group and listener each; default: the resource''s port)')
            [CompletionResult]::new('--route', '--route', [CompletionResultType]::ParameterName, 'A listener port and where it forwards (repeatable): LISTENER=IP[:PORT] (a broker, a host) or LISTENER=KIND:ID (a resource on another port than its own, e.g. 5433=rds-instance:analytics-db)')
            [CompletionResult]::new('--endpoint-ip', '--endpoint-ip', [CompletionResultType]::ParameterName, 'The IP of Trigger.dev''s endpoint, when known (Kafka: fills in the advertised.listeners lines setup prints)')
            [CompletionResult]::new('--subnet', '--subnet', [CompletionResultType]::ParameterName, 'A private subnet for the NLB, one per availability zone (default with a resource: one private subnet in every zone of its VPC, its own first)')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'Trigger.dev''s 12-digit AWS account ID, from the dashboard''s "Add connection" page (repeatable)')
            [CompletionResult]::new('--supported-region', '--supported-region', [CompletionResultType]::ParameterName, 'Another region Trigger.dev may connect from (repeatable); cross-region adds ~10-30 ms and data-transfer cost')
            [CompletionResult]::new('--wait-timeout', '--wait-timeout', [CompletionResultType]::ParameterName, 'Give up waiting for the NLB or endpoint service after this many seconds')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--no-supported-region', '--no-supported-region', [CompletionResultType]::ParameterName, 'Trigger.dev connects from this region only (the wizard does not ask about others)')
            [CompletionResult]::new('--resource-security-group-rule', '--resource-security-group-rule', [CompletionResultType]::ParameterName, 'Let the resource''s security group admit the port from the NLB (when it does not already)')
            [CompletionResult]::new('--no-resource-security-group-rule', '--no-resource-security-group-rule', [CompletionResultType]::ParameterName, 'Leave the resource''s security group as it is')
            [CompletionResult]::new('--all-nodes', '--all-nodes', [CompletionResultType]::ParameterName, 'Register replicas and readers too, not only the primary/writer')
            [CompletionResult]::new('--no-cross-zone', '--no-cross-zone', [CompletionResultType]::ParameterName, 'Leave cross-zone load balancing off')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan (and check EC2 permissions with DryRun); change nothing')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;doctor' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Connection name (its tagged resources)')
            [CompletionResult]::new('--service-id', '--service-id', [CompletionResultType]::ParameterName, 'An endpoint service built by any means (vpce-svc-…)')
            [CompletionResult]::new('--service-name', '--service-name', [CompletionResultType]::ParameterName, 'An endpoint service by name (com.amazonaws.vpce.<region>.vpce-svc-…)')
            [CompletionResult]::new('--nlb', '--nlb', [CompletionResultType]::ParameterName, 'The NLB''s ARN or name')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'Trigger.dev''s AWS account ID that must be allowed (repeatable)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'A port your tasks dial (repeatable): each must have a listener')
            [CompletionResult]::new('--task-region', '--task-region', [CompletionResultType]::ParameterName, 'The region your tasks run in')
            [CompletionResult]::new('--vendor-zone-id', '--vendor-zone-id', [CompletionResultType]::ParameterName, 'A zone ID Trigger.dev''s endpoint is in, e.g. use1-az4 (repeatable): the service must serve it')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Check again every 5 s until nothing fails and Trigger.dev''s endpoint is available, for at most SECONDS [default when given alone: 300]')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back to read what CloudWatch measured: 15m, 1h, 24h (5m to 24h)')
            [CompletionResult]::new('--probe-role', '--probe-role', [CompletionResultType]::ParameterName, 'With --probe: the role the prober runs as, where the tool may not create one')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Offer every fix the tool can make, apply the confirmed ones (--yes: all), check again')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Dial each route from inside the VPC, through the NLB and through an endpoint made for the run (billed: see --dry-run)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --probe: print what it would create, how long it takes and what it costs; change nothing')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;status' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Connection name (default: the only connection in the region)')
            [CompletionResult]::new('--service-id', '--service-id', [CompletionResultType]::ParameterName, 'An endpoint service built by any means (vpce-svc-…)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back to read what CloudWatch measured: 15m, 1h, 24h (5m to 24h)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region the account has enabled, not only the current one')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;sync-targets' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource')
            [CompletionResult]::new('--every', '--every', [CompletionResultType]::ParameterName, 'How often the installed sync runs [default: 1m]')
            [CompletionResult]::new('--package-to', '--package-to', [CompletionResultType]::ParameterName, 'Write the sync function''s deployment package (the zip `--install` uploads; the same bytes every run) into this folder, to review')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the change; make none')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Change nothing; exit 1 when the targets have drifted')
            [CompletionResult]::new('--install', '--install', [CompletionResultType]::ParameterName, 'Install the sync in your account (a Lambda function, its role, log group and rules, tagged): the targets follow failovers with nothing running elsewhere')
            [CompletionResult]::new('--uninstall', '--uninstall', [CompletionResultType]::ParameterName, 'Remove the installed sync (teardown removes it too)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;alerts' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Send alerts to this address: the tool makes a topic (tpl-<name>-alerts) and subscribes it (AWS mails a link to confirm)')
            [CompletionResult]::new('--sns-topic', '--sns-topic', [CompletionResultType]::ParameterName, 'Send alerts to a topic you have (in the connection''s region); the tool does not change it')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Delete the alarms, the connection notification and the tool''s own topic (teardown does too)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan; change nothing')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;teardown' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource')
            [CompletionResult]::new('--wait-timeout', '--wait-timeout', [CompletionResultType]::ParameterName, 'Give up waiting for the NLB, or Lambda''s hold on the prober''s interfaces, to go after this many seconds')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Remove only the route on this listener port (its listener, target group and rules); the connection and its other routes stay')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List what would be deleted; delete nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Delete even while Trigger.dev''s endpoint is connected (its connection is rejected)')
            [CompletionResult]::new('--ignore-not-found', '--ignore-not-found', [CompletionResultType]::ParameterName, 'Succeed when nothing of the connection is left (a repeated pipeline step); without it, a name that names nothing is exit 2')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;export' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('terraform', 'terraform', [CompletionResultType]::ParameterValue, 'A Terraform configuration of the connection as it is in AWS now, with an import block per resource')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trigger-privatelink;export;terraform' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Connection name (default: the only connection in the region)')
            [CompletionResult]::new('--service-id', '--service-id', [CompletionResultType]::ParameterName, 'An endpoint service built by any means (vpce-svc-…)')
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'Write main.tf and imports.tf into this folder (made if missing) instead of printing them')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;export;help' {
            [CompletionResult]::new('terraform', 'terraform', [CompletionResultType]::ParameterValue, 'A Terraform configuration of the connection as it is in AWS now, with an import block per resource')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trigger-privatelink;export;help;terraform' {
            break
        }
        'trigger-privatelink;export;help;help' {
            break
        }
        'trigger-privatelink;iam-policy' {
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Only what this command needs (default: every command)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'With --scoped: only this connection''s resources')
            [CompletionResult]::new('--security-group', '--security-group', [CompletionResultType]::ParameterName, 'With --scoped: a group of yours the tool may add its rule to (the resource''s; repeatable)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--scoped', '--scoped', [CompletionResultType]::ParameterName, 'Changes only on resources carrying the tool''s tags, creates only with them')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'trigger-privatelink;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;generate-docs' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Where completions/ and man/ are written')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;resolve-ips' {
            [CompletionResult]::new('--rds-instance', '--rds-instance', [CompletionResultType]::ParameterName, 'An RDS DB instance identifier')
            [CompletionResult]::new('--rds-cluster', '--rds-cluster', [CompletionResultType]::ParameterName, 'An RDS/Aurora DB cluster identifier (its writer is the target)')
            [CompletionResult]::new('--docdb-cluster', '--docdb-cluster', [CompletionResultType]::ParameterName, 'An Amazon DocumentDB cluster identifier (its writer is the target)')
            [CompletionResult]::new('--neptune-cluster', '--neptune-cluster', [CompletionResultType]::ParameterName, 'An Amazon Neptune cluster identifier (its writer is the target)')
            [CompletionResult]::new('--elasticache-cluster', '--elasticache-cluster', [CompletionResultType]::ParameterName, 'An ElastiCache cache cluster ID (every node is a target)')
            [CompletionResult]::new('--elasticache-replication-group', '--elasticache-replication-group', [CompletionResultType]::ParameterName, 'An ElastiCache replication group ID (its primary is the target)')
            [CompletionResult]::new('--redshift-cluster', '--redshift-cluster', [CompletionResultType]::ParameterName, 'An Amazon Redshift cluster identifier (its leader node is the target)')
            [CompletionResult]::new('--rds-proxy', '--rds-proxy', [CompletionResultType]::ParameterName, 'An RDS Proxy name (each of its interfaces is a target)')
            [CompletionResult]::new('--mq-broker', '--mq-broker', [CompletionResultType]::ParameterName, 'An Amazon MQ for ActiveMQ broker, by name or ID (each broker instance is a target; OpenWire 61617)')
            [CompletionResult]::new('--vpc', '--vpc', [CompletionResultType]::ParameterName, 'Only look in this VPC')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;create-target-group' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource')
            [CompletionResult]::new('--vpc', '--vpc', [CompletionResultType]::ParameterName, 'The VPC of the targets (default: the resource''s VPC)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'A port the resource listens on (repeatable: a target group each; default: the resource''s port)')
            [CompletionResult]::new('--rds-instance', '--rds-instance', [CompletionResultType]::ParameterName, 'An RDS DB instance identifier')
            [CompletionResult]::new('--rds-cluster', '--rds-cluster', [CompletionResultType]::ParameterName, 'An RDS/Aurora DB cluster identifier (its writer is the target)')
            [CompletionResult]::new('--docdb-cluster', '--docdb-cluster', [CompletionResultType]::ParameterName, 'An Amazon DocumentDB cluster identifier (its writer is the target)')
            [CompletionResult]::new('--neptune-cluster', '--neptune-cluster', [CompletionResultType]::ParameterName, 'An Amazon Neptune cluster identifier (its writer is the target)')
            [CompletionResult]::new('--elasticache-cluster', '--elasticache-cluster', [CompletionResultType]::ParameterName, 'An ElastiCache cache cluster ID (every node is a target)')
            [CompletionResult]::new('--elasticache-replication-group', '--elasticache-replication-group', [CompletionResultType]::ParameterName, 'An ElastiCache replication group ID (its primary is the target)')
            [CompletionResult]::new('--redshift-cluster', '--redshift-cluster', [CompletionResultType]::ParameterName, 'An Amazon Redshift cluster identifier (its leader node is the target)')
            [CompletionResult]::new('--rds-proxy', '--rds-proxy', [CompletionResultType]::ParameterName, 'An RDS Proxy name (each of its interfaces is a target)')
            [CompletionResult]::new('--mq-broker', '--mq-broker', [CompletionResultType]::ParameterName, 'An Amazon MQ for ActiveMQ broker, by name or ID (each broker instance is a target; OpenWire 61617)')
            [CompletionResult]::new('--target-ip', '--target-ip', [CompletionResultType]::ParameterName, 'A private IP to expose (repeatable), instead of a resource flag')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'A running EC2 instance to expose, registered by ID (repeatable; needs --port)')
            [CompletionResult]::new('--alb', '--alb', [CompletionResultType]::ParameterName, 'An Application Load Balancer to expose (ARN or name); --port must be one of its listener ports')
            [CompletionResult]::new('--health-check-path', '--health-check-path', [CompletionResultType]::ParameterName, 'The path the NLB health-checks on the ALB over HTTP(S) [default: /]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--all-nodes', '--all-nodes', [CompletionResultType]::ParameterName, 'Register replicas and readers too, not only the primary/writer')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;create-nlb' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource')
            [CompletionResult]::new('--subnet', '--subnet', [CompletionResultType]::ParameterName, 'A private subnet for the NLB (repeatable, one per availability zone)')
            [CompletionResult]::new('--security-group', '--security-group', [CompletionResultType]::ParameterName, 'Attach this security group instead of creating a dedicated one')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Listener port, with --target-group-arn (default: each target group''s own port)')
            [CompletionResult]::new('--target-group-arn', '--target-group-arn', [CompletionResultType]::ParameterName, 'The target group to forward to (default: the connection''s)')
            [CompletionResult]::new('--wait-timeout', '--wait-timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this many seconds')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--no-cross-zone', '--no-cross-zone', [CompletionResultType]::ParameterName, 'Leave cross-zone load balancing off')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait for the resource to become ready')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;disable-enforcement' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Connection name (the NLB tagged with it)')
            [CompletionResult]::new('--nlb', '--nlb', [CompletionResultType]::ParameterName, 'The NLB''s ARN or name')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;create-endpoint-service' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Connection name (the NLB tagged with it)')
            [CompletionResult]::new('--nlb', '--nlb', [CompletionResultType]::ParameterName, 'The NLB''s ARN or name, for an NLB not made by this tool')
            [CompletionResult]::new('--supported-region', '--supported-region', [CompletionResultType]::ParameterName, 'Another region Trigger.dev may connect from (repeatable); cross-region adds latency and cost')
            [CompletionResult]::new('--wait-timeout', '--wait-timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this many seconds')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait for the resource to become ready')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;allow-principal' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Connection name (the endpoint service tagged with it)')
            [CompletionResult]::new('--service-id', '--service-id', [CompletionResultType]::ParameterName, 'The endpoint service ID (vpce-svc-…)')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'Trigger.dev''s 12-digit AWS account ID, from the dashboard''s "Add connection" page (repeatable)')
            [CompletionResult]::new('--principal', '--principal', [CompletionResultType]::ParameterName, 'A principal ARN of the form arn:aws:iam::123456789012:root (repeatable)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;service-name' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Connection name (the endpoint service tagged with it)')
            [CompletionResult]::new('--service-id', '--service-id', [CompletionResultType]::ParameterName, 'The endpoint service ID (vpce-svc-…)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: AWS_PROFILE, then the default profile)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (default: AWS_REGION, then the profile''s region)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print results on stdout')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on an AWS call that has no answer after this many seconds, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a value that is missing is an error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'trigger-privatelink;help' {
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Every step for one connection: a wizard in a terminal, or flags in CI; a plan first')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check everything that makes a private connection fail, with a verdict and a fix for each')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'One view of a connection: every resource with its state, Trigger.dev''s endpoints, the service name')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every connection of the tool in the region: service, states, healthy targets, Trigger.dev''s endpoints')
            [CompletionResult]::new('sync-targets', 'sync-targets', [CompletionResultType]::ParameterValue, 'Make the target group match the resource''s current IPs (after a failover or maintenance)')
            [CompletionResult]::new('alerts', 'alerts', [CompletionResultType]::ParameterValue, 'Be told when the connection breaks: CloudWatch alarms and the endpoint service''s connection events, to SNS')
            [CompletionResult]::new('teardown', 'teardown', [CompletionResultType]::ParameterValue, 'Delete a connection''s resources, and only those carrying its tags')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print the connection as another tool''s configuration (Terraform), to manage it there')
            [CompletionResult]::new('iam-policy', 'iam-policy', [CompletionResultType]::ParameterValue, 'Print the least-privilege IAM policy for the tool')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ from these definitions (for maintainers)')
            [CompletionResult]::new('resolve-ips', 'resolve-ips', [CompletionResultType]::ParameterValue, 'Find the private IPs of an RDS, Aurora, DocumentDB, Neptune, ElastiCache or Redshift resource (its network interfaces)')
            [CompletionResult]::new('create-target-group', 'create-target-group', [CompletionResultType]::ParameterValue, 'Step 1: a TCP target group with the resource''s IPs registered')
            [CompletionResult]::new('create-nlb', 'create-nlb', [CompletionResultType]::ParameterValue, 'Step 2: an internal Network Load Balancer with a TCP listener forwarding to the target group')
            [CompletionResult]::new('disable-enforcement', 'disable-enforcement', [CompletionResultType]::ParameterValue, 'Step 3: turn off "enforce inbound rules on PrivateLink traffic" on the NLB')
            [CompletionResult]::new('create-endpoint-service', 'create-endpoint-service', [CompletionResultType]::ParameterValue, 'Step 4: a VPC endpoint service on the NLB (no acceptance, no private DNS)')
            [CompletionResult]::new('allow-principal', 'allow-principal', [CompletionResultType]::ParameterValue, 'Step 5: allow Trigger.dev''s AWS account to connect to the endpoint service')
            [CompletionResult]::new('service-name', 'service-name', [CompletionResultType]::ParameterValue, 'Step 6: print the endpoint service name to paste into the Trigger.dev dashboard')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trigger-privatelink;help;setup' {
            break
        }
        'trigger-privatelink;help;doctor' {
            break
        }
        'trigger-privatelink;help;status' {
            break
        }
        'trigger-privatelink;help;list' {
            break
        }
        'trigger-privatelink;help;sync-targets' {
            break
        }
        'trigger-privatelink;help;alerts' {
            break
        }
        'trigger-privatelink;help;teardown' {
            break
        }
        'trigger-privatelink;help;export' {
            [CompletionResult]::new('terraform', 'terraform', [CompletionResultType]::ParameterValue, 'A Terraform configuration of the connection as it is in AWS now, with an import block per resource')
            break
        }
        'trigger-privatelink;help;export;terraform' {
            break
        }
        'trigger-privatelink;help;iam-policy' {
            break
        }
        'trigger-privatelink;help;completions' {
            break
        }
        'trigger-privatelink;help;generate-docs' {
            break
        }
        'trigger-privatelink;help;resolve-ips' {
            break
        }
        'trigger-privatelink;help;create-target-group' {
            break
        }
        'trigger-privatelink;help;create-nlb' {
            break
        }
        'trigger-privatelink;help;disable-enforcement' {
            break
        }
        'trigger-privatelink;help;create-endpoint-service' {
            break
        }
        'trigger-privatelink;help;allow-principal' {
            break
        }
        'trigger-privatelink;help;service-name' {
            break
        }
        'trigger-privatelink;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
