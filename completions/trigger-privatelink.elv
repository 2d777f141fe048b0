
use builtin;
use str;

set edit:completion:arg-completer[trigger-privatelink] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'trigger-privatelink'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'trigger-privatelink'= {
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand setup 'Every step for one connection: a wizard in a terminal, or flags in CI; a plan first'
            cand doctor 'Check everything that makes a private connection fail, with a verdict and a fix for each'
            cand status 'One view of a connection: every resource with its state, Trigger.dev''s endpoints, the service name'
            cand list 'Every connection of the tool in the region: service, states, healthy targets, Trigger.dev''s endpoints'
            cand sync-targets 'Make the target group match the resource''s current IPs (after a failover or maintenance)'
            cand teardown 'Delete a connection''s resources, and only those carrying its tags'
            cand export 'Print the connection as another tool''s configuration (Terraform), to manage it there'
            cand iam-policy 'Print the least-privilege IAM policy for the tool'
            cand completions 'Print a shell completion script'
            cand generate-docs 'Write completions/ and man/ from these definitions (for maintainers)'
            cand resolve-ips 'Find the private IPs of an RDS, Aurora, DocumentDB, Neptune, ElastiCache or Redshift resource (its network interfaces)'
            cand create-target-group 'Step 1: a TCP target group with the resource''s IPs registered'
            cand create-nlb 'Step 2: an internal Network Load Balancer with a TCP listener forwarding to the target group'
            cand disable-enforcement 'Step 3: turn off "enforce inbound rules on PrivateLink traffic" on the NLB'
            cand create-endpoint-service 'Step 4: a VPC endpoint service on the NLB (no acceptance, no private DNS)'
            cand allow-principal 'Step 5: allow Trigger.dev''s AWS account to connect to the endpoint service'
            cand service-name 'Step 6: print the endpoint service name to paste into the Trigger.dev dashboard'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trigger-privatelink;setup'= {
            cand --name 'Connection name: 1-24 lowercase letters, digits and hyphens (default in the wizard: from the resource)'
            cand --vpc 'The VPC of the resource (default: the resource''s VPC)'
            cand --rds-instance 'An RDS DB instance identifier'
            cand --rds-cluster 'An RDS/Aurora DB cluster identifier (its writer is the target)'
            cand --docdb-cluster 'An Amazon DocumentDB cluster identifier (its writer is the target)'
            cand --neptune-cluster 'An Amazon Neptune cluster identifier (its writer is the target)'
            cand --elasticache-cluster 'An ElastiCache cache cluster ID (every node is a target)'
            cand --elasticache-replication-group 'An ElastiCache replication group ID (its primary is the target)'
            cand --redshift-cluster 'An Amazon Redshift cluster identifier (its leader node is the target)'
            cand --rds-proxy 'An RDS Proxy name (each of its interfaces is a target)'
            cand --target-ip 'A private IP to expose (repeatable), instead of a resource flag'
            cand --instance 'A running EC2 instance to expose, registered by ID (repeatable; needs --port)'
            cand --alb 'An Application Load Balancer to expose (ARN or name); --port must be one of its listener ports'
            cand --health-check-path 'The path the NLB health-checks on the ALB over HTTP(S) [default: /]'
            cand --nlb 'Expose a Network Load Balancer you already have (ARN or name): no target group or listener is made'
            cand --port 'A port to expose (repeatable, up to 50: a target group and listener each; default: the resource''s port)'
            cand --subnet 'A private subnet for the NLB, one per availability zone (default with a resource: one private subnet in every zone of its VPC, its own first)'
            cand --account-id 'Trigger.dev''s 12-digit AWS account ID, from the dashboard''s "Add connection" page (repeatable)'
            cand --supported-region 'Another region Trigger.dev may connect from (repeatable); cross-region adds ~10-30 ms and data-transfer cost'
            cand --wait-timeout 'Give up waiting for the NLB or endpoint service after this many seconds'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --no-supported-region 'Trigger.dev connects from this region only (the wizard does not ask about others)'
            cand --resource-security-group-rule 'Let the resource''s security group admit the port from the NLB (when it does not already)'
            cand --no-resource-security-group-rule 'Leave the resource''s security group as it is'
            cand --all-nodes 'Register replicas and readers too, not only the primary/writer'
            cand --no-cross-zone 'Leave cross-zone load balancing off'
            cand --dry-run 'Print the plan (and check EC2 permissions with DryRun); change nothing'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;doctor'= {
            cand --name 'Connection name (its tagged resources)'
            cand --service-id 'An endpoint service built by any means (vpce-svc-…)'
            cand --service-name 'An endpoint service by name (com.amazonaws.vpce.<region>.vpce-svc-…)'
            cand --nlb 'The NLB''s ARN or name'
            cand --account-id 'Trigger.dev''s AWS account ID that must be allowed (repeatable)'
            cand --port 'A port your tasks dial (repeatable): each must have a listener'
            cand --task-region 'The region your tasks run in'
            cand --vendor-zone-id 'A zone ID Trigger.dev''s endpoint is in, e.g. use1-az4 (repeatable): the service must serve it'
            cand --watch 'Check again every 5 s until nothing fails and Trigger.dev''s endpoint is available, for at most SECONDS'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --fix 'Offer every fix the tool can make, apply the confirmed ones (--yes: all), check again'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;status'= {
            cand --name 'Connection name (default: the only connection in the region)'
            cand --service-id 'An endpoint service built by any means (vpce-svc-…)'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;list'= {
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --all-regions 'Every region the account has enabled, not only the current one'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;sync-targets'= {
            cand --name 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --dry-run 'Show the change; make none'
            cand --check 'Change nothing; exit 1 when the targets have drifted'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;teardown'= {
            cand --name 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource'
            cand --wait-timeout 'Give up waiting for the NLB and its interfaces to go after this many seconds'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --dry-run 'List what would be deleted; delete nothing'
            cand --force 'Delete even while Trigger.dev''s endpoint is connected (its connection is rejected)'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;export'= {
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand terraform 'A Terraform configuration of the connection as it is in AWS now, with an import block per resource'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trigger-privatelink;export;terraform'= {
            cand --name 'Connection name (default: the only connection in the region)'
            cand --service-id 'An endpoint service built by any means (vpce-svc-…)'
            cand --output-dir 'Write main.tf and imports.tf into this folder (made if missing) instead of printing them'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;export;help'= {
            cand terraform 'A Terraform configuration of the connection as it is in AWS now, with an import block per resource'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trigger-privatelink;export;help;terraform'= {
        }
        &'trigger-privatelink;export;help;help'= {
        }
        &'trigger-privatelink;iam-policy'= {
            cand --for 'Only what this command needs (default: every command)'
            cand --name 'With --scoped: only this connection''s resources'
            cand --security-group 'With --scoped: a group of yours the tool may add its rule to (the resource''s; repeatable)'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --scoped 'Changes only on resources carrying the tool''s tags, creates only with them'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;completions'= {
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;generate-docs'= {
            cand --out-dir 'Where completions/ and man/ are written'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;resolve-ips'= {
            cand --rds-instance 'An RDS DB instance identifier'
            cand --rds-cluster 'An RDS/Aurora DB cluster identifier (its writer is the target)'
            cand --docdb-cluster 'An Amazon DocumentDB cluster identifier (its writer is the target)'
            cand --neptune-cluster 'An Amazon Neptune cluster identifier (its writer is the target)'
            cand --elasticache-cluster 'An ElastiCache cache cluster ID (every node is a target)'
            cand --elasticache-replication-group 'An ElastiCache replication group ID (its primary is the target)'
            cand --redshift-cluster 'An Amazon Redshift cluster identifier (its leader node is the target)'
            cand --rds-proxy 'An RDS Proxy name (each of its interfaces is a target)'
            cand --vpc 'Only look in this VPC'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;create-target-group'= {
            cand --name 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource'
            cand --vpc 'The VPC of the targets (default: the resource''s VPC)'
            cand --port 'A port the resource listens on (repeatable: a target group each; default: the resource''s port)'
            cand --rds-instance 'An RDS DB instance identifier'
            cand --rds-cluster 'An RDS/Aurora DB cluster identifier (its writer is the target)'
            cand --docdb-cluster 'An Amazon DocumentDB cluster identifier (its writer is the target)'
            cand --neptune-cluster 'An Amazon Neptune cluster identifier (its writer is the target)'
            cand --elasticache-cluster 'An ElastiCache cache cluster ID (every node is a target)'
            cand --elasticache-replication-group 'An ElastiCache replication group ID (its primary is the target)'
            cand --redshift-cluster 'An Amazon Redshift cluster identifier (its leader node is the target)'
            cand --rds-proxy 'An RDS Proxy name (each of its interfaces is a target)'
            cand --target-ip 'A private IP to expose (repeatable), instead of a resource flag'
            cand --instance 'A running EC2 instance to expose, registered by ID (repeatable; needs --port)'
            cand --alb 'An Application Load Balancer to expose (ARN or name); --port must be one of its listener ports'
            cand --health-check-path 'The path the NLB health-checks on the ALB over HTTP(S) [default: /]'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --all-nodes 'Register replicas and readers too, not only the primary/writer'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;create-nlb'= {
            cand --name 'Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource'
            cand --subnet 'A private subnet for the NLB (repeatable, one per availability zone)'
            cand --security-group 'Attach this security group instead of creating a dedicated one'
            cand --port 'Listener port, with --target-group-arn (default: each target group''s own port)'
            cand --target-group-arn 'The target group to forward to (default: the connection''s)'
            cand --wait-timeout 'Give up waiting after this many seconds'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --no-cross-zone 'Leave cross-zone load balancing off'
            cand --no-wait 'Do not wait for the resource to become ready'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;disable-enforcement'= {
            cand --name 'Connection name (the NLB tagged with it)'
            cand --nlb 'The NLB''s ARN or name'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;create-endpoint-service'= {
            cand --name 'Connection name (the NLB tagged with it)'
            cand --nlb 'The NLB''s ARN or name, for an NLB not made by this tool'
            cand --supported-region 'Another region Trigger.dev may connect from (repeatable); cross-region adds latency and cost'
            cand --wait-timeout 'Give up waiting after this many seconds'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --no-wait 'Do not wait for the resource to become ready'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;allow-principal'= {
            cand --name 'Connection name (the endpoint service tagged with it)'
            cand --service-id 'The endpoint service ID (vpce-svc-…)'
            cand --account-id 'Trigger.dev''s 12-digit AWS account ID, from the dashboard''s "Add connection" page (repeatable)'
            cand --principal 'A principal ARN of the form arn:aws:iam::123456789012:root (repeatable)'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;service-name'= {
            cand --name 'Connection name (the endpoint service tagged with it)'
            cand --service-id 'The endpoint service ID (vpce-svc-…)'
            cand --profile 'AWS profile (default: AWS_PROFILE, then the default profile)'
            cand --region 'AWS region (default: AWS_REGION, then the profile''s region)'
            cand --endpoint-url 'Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators'
            cand --output 'How to print results on stdout'
            cand --color 'Colour on stderr (NO_COLOR is respected under auto)'
            cand --no-input 'Never prompt; a value that is missing is an error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand -v 'More detail on stderr (repeat for more)'
            cand --verbose 'More detail on stderr (repeat for more)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'trigger-privatelink;help'= {
            cand setup 'Every step for one connection: a wizard in a terminal, or flags in CI; a plan first'
            cand doctor 'Check everything that makes a private connection fail, with a verdict and a fix for each'
            cand status 'One view of a connection: every resource with its state, Trigger.dev''s endpoints, the service name'
            cand list 'Every connection of the tool in the region: service, states, healthy targets, Trigger.dev''s endpoints'
            cand sync-targets 'Make the target group match the resource''s current IPs (after a failover or maintenance)'
            cand teardown 'Delete a connection''s resources, and only those carrying its tags'
            cand export 'Print the connection as another tool''s configuration (Terraform), to manage it there'
            cand iam-policy 'Print the least-privilege IAM policy for the tool'
            cand completions 'Print a shell completion script'
            cand generate-docs 'Write completions/ and man/ from these definitions (for maintainers)'
            cand resolve-ips 'Find the private IPs of an RDS, Aurora, DocumentDB, Neptune, ElastiCache or Redshift resource (its network interfaces)'
            cand create-target-group 'Step 1: a TCP target group with the resource''s IPs registered'
            cand create-nlb 'Step 2: an internal Network Load Balancer with a TCP listener forwarding to the target group'
            cand disable-enforcement 'Step 3: turn off "enforce inbound rules on PrivateLink traffic" on the NLB'
            cand create-endpoint-service 'Step 4: a VPC endpoint service on the NLB (no acceptance, no private DNS)'
            cand allow-principal 'Step 5: allow Trigger.dev''s AWS account to connect to the endpoint service'
            cand service-name 'Step 6: print the endpoint service name to paste into the Trigger.dev dashboard'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trigger-privatelink;help;setup'= {
        }
        &'trigger-privatelink;help;doctor'= {
        }
        &'trigger-privatelink;help;status'= {
        }
        &'trigger-privatelink;help;list'= {
        }
        &'trigger-privatelink;help;sync-targets'= {
        }
        &'trigger-privatelink;help;teardown'= {
        }
        &'trigger-privatelink;help;export'= {
            cand terraform 'A Terraform configuration of the connection as it is in AWS now, with an import block per resource'
        }
        &'trigger-privatelink;help;export;terraform'= {
        }
        &'trigger-privatelink;help;iam-policy'= {
        }
        &'trigger-privatelink;help;completions'= {
        }
        &'trigger-privatelink;help;generate-docs'= {
        }
        &'trigger-privatelink;help;resolve-ips'= {
        }
        &'trigger-privatelink;help;create-target-group'= {
        }
        &'trigger-privatelink;help;create-nlb'= {
        }
        &'trigger-privatelink;help;disable-enforcement'= {
        }
        &'trigger-privatelink;help;create-endpoint-service'= {
        }
        &'trigger-privatelink;help;allow-principal'= {
        }
        &'trigger-privatelink;help;service-name'= {
        }
        &'trigger-privatelink;help;help'= {
        }
    ]
    $completions[$command]
}
