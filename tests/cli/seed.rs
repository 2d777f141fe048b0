//! What a test account holds before the tool runs: a VPC with private subnets in three
//! zones, a Postgres RDS instance (and a second one, whose interface resolution must
//! not pick) and a two-node Redis replication group. The emulator gives them the
//! network interfaces AWS would; their IPs are read back here.

use aws_sdk_ec2::types::Filter;

use crate::harness::{Clients, Emulator};

pub const VPC_CIDR: &str = "10.20.0.0/16";

pub struct Account {
    pub vpc: String,
    /// Subnets in us-east-1a, b, c.
    pub subnets: Vec<String>,
    pub db_security_group: String,
    pub other_vpc_subnet: String,
    /// orders-db's private IP (us-east-1a).
    pub rds_ip: String,
    /// billing-db's, in the same VPC and subnet group (us-east-1b).
    pub other_rds_ip: String,
    pub cache_primary_ip: String,
    pub cache_replica_ip: String,
}

/// The private IP of the one interface with this description in this subnet.
pub fn interface_ip(clients: &Clients, description: &str, subnet: &str) -> String {
    clients.block(async {
        let found = clients
            .ec2
            .describe_network_interfaces()
            .filters(Filter::builder().name("description").values(description).build())
            .filters(Filter::builder().name("subnet-id").values(subnet).build())
            .send()
            .await
            .unwrap();
        let ips: Vec<&str> = found.network_interfaces().iter().filter_map(|e| e.private_ip_address()).collect();
        assert_eq!(ips.len(), 1, "interfaces '{description}' in {subnet}: {ips:?}");
        ips[0].to_string()
    })
}

pub fn account(emulator: &Emulator) -> Account {
    let c = emulator.clients();
    let created =
        c.block(async {
            let vpc = c.ec2.create_vpc().cidr_block(VPC_CIDR).send().await.unwrap().vpc.unwrap().vpc_id.unwrap();
            let mut subnets = Vec::new();
            for (i, zone) in ["a", "b", "c"].iter().enumerate() {
                let subnet = c
                    .ec2
                    .create_subnet()
                    .vpc_id(&vpc)
                    .cidr_block(format!("10.20.{}.0/24", i + 1))
                    .availability_zone(format!("us-east-1{zone}"))
                    .send()
                    .await
                    .unwrap();
                subnets.push(subnet.subnet.unwrap().subnet_id.unwrap());
            }
            let other_vpc = c.ec2.create_vpc().cidr_block("10.99.0.0/16").send().await.unwrap().vpc.unwrap().vpc_id.unwrap();
            let other_vpc_subnet = c
                .ec2
                .create_subnet()
                .vpc_id(&other_vpc)
                .cidr_block("10.99.1.0/24")
                .availability_zone("us-east-1a")
                .send()
                .await
                .unwrap()
                .subnet
                .unwrap()
                .subnet_id
                .unwrap();
            let group = |name: &'static str| {
                let c = &c;
                let vpc = vpc.clone();
                async move {
                    c.ec2.create_security_group().group_name(name).description(name).vpc_id(vpc).send().await.unwrap().group_id.unwrap()
                }
            };
            let db_security_group = group("orders-db").await;
            let other_db_group = group("billing-db").await;
            let cache_security_group = group("sessions-cache").await;

            c.rds
                .create_db_subnet_group()
                .db_subnet_group_name("private")
                .db_subnet_group_description("private subnets")
                .set_subnet_ids(Some(subnets.clone()))
                .send()
                .await
                .unwrap();
            for (id, group, zone) in [("orders-db", &db_security_group, "us-east-1a"), ("billing-db", &other_db_group, "us-east-1b")] {
                c.rds
                    .create_db_instance()
                    .db_instance_identifier(id)
                    .engine("postgres")
                    .db_instance_class("db.t3.micro")
                    .master_username("app")
                    .master_user_password("not-a-secret-1")
                    .db_subnet_group_name("private")
                    .vpc_security_group_ids(group)
                    .availability_zone(zone)
                    .send()
                    .await
                    .unwrap();
            }
            c.elasticache
                .create_cache_subnet_group()
                .cache_subnet_group_name("private")
                .cache_subnet_group_description("private subnets")
                .set_subnet_ids(Some(subnets.clone()))
                .send()
                .await
                .unwrap();
            c.elasticache
                .create_replication_group()
                .replication_group_id("sessions")
                .replication_group_description("sessions")
                .engine("redis")
                .cache_node_type("cache.t3.micro")
                .num_cache_clusters(2)
                .cache_subnet_group_name("private")
                .security_group_ids(&cache_security_group)
                .preferred_cache_cluster_azs("us-east-1a")
                .preferred_cache_cluster_azs("us-east-1b")
                .send()
                .await
                .unwrap();

            (vpc, subnets, db_security_group, other_vpc_subnet)
        });
    let (vpc, subnets, db_security_group, other_vpc_subnet) = created;
    Account {
        rds_ip: interface_ip(&c, "RDSNetworkInterface", &subnets[0]),
        other_rds_ip: interface_ip(&c, "RDSNetworkInterface", &subnets[1]),
        cache_primary_ip: interface_ip(&c, "ElastiCache sessions-001", &subnets[0]),
        cache_replica_ip: interface_ip(&c, "ElastiCache sessions-002", &subnets[1]),
        vpc,
        subnets,
        db_security_group,
        other_vpc_subnet,
    }
}

/// How many of each kind of resource the emulator holds, to prove a failed run made nothing.
pub fn census(clients: &Clients) -> Vec<(&'static str, usize)> {
    clients.block(async {
        let target_groups = clients.elb.describe_target_groups().send().await.unwrap().target_groups().len();
        let load_balancers = clients.elb.describe_load_balancers().send().await.unwrap().load_balancers().len();
        let services = clients.ec2.describe_vpc_endpoint_service_configurations().send().await.unwrap().service_configurations().len();
        let groups = clients.ec2.describe_security_groups().send().await.unwrap().security_groups().len();
        let rules: usize =
            clients.ec2.describe_security_groups().send().await.unwrap().security_groups().iter().map(|g| g.ip_permissions().len()).sum();
        let interfaces = clients
            .ec2
            .describe_network_interfaces()
            .filters(Filter::builder().name("status").values("available").values("in-use").build())
            .send()
            .await
            .unwrap()
            .network_interfaces()
            .len();
        vec![
            ("target groups", target_groups),
            ("load balancers", load_balancers),
            ("endpoint services", services),
            ("security groups", groups),
            ("ingress rules", rules),
            ("network interfaces", interfaces),
        ]
    })
}

/// A DB cluster of `engine` (Aurora, DocumentDB, Neptune) with two instances, its
/// writer in us-east-1a and a reader in us-east-1b, in its own security group.
pub struct Cluster {
    pub security_group: String,
    pub writer_ip: String,
    pub reader: String,
    pub reader_ip: String,
}

pub fn cluster(emulator: &Emulator, account: &Account, engine: &str, id: &str) -> Cluster {
    let c = emulator.clients();
    let security_group = c.block(async {
        let group =
            c.ec2.create_security_group().group_name(id).description(id).vpc_id(&account.vpc).send().await.unwrap().group_id.unwrap();
        c.rds
            .create_db_cluster()
            .db_cluster_identifier(id)
            .engine(engine)
            .master_username("app")
            .master_user_password("not-a-secret-1")
            .db_subnet_group_name("private")
            .vpc_security_group_ids(&group)
            .send()
            .await
            .unwrap();
        for (n, zone) in [(1, "us-east-1a"), (2, "us-east-1b")] {
            c.rds
                .create_db_instance()
                .db_instance_identifier(format!("{id}-{n}"))
                .db_cluster_identifier(id)
                .engine(engine)
                .db_instance_class("db.r6g.large")
                .availability_zone(zone)
                .send()
                .await
                .unwrap();
        }
        group
    });
    let ip_in = |subnet: &str| {
        c.block(async {
            let found = c
                .ec2
                .describe_network_interfaces()
                .filters(Filter::builder().name("group-id").values(&security_group).build())
                .filters(Filter::builder().name("subnet-id").values(subnet).build())
                .send()
                .await
                .unwrap();
            let ips: Vec<&str> = found.network_interfaces().iter().filter_map(|e| e.private_ip_address()).collect();
            assert_eq!(ips.len(), 1, "{id}'s interfaces in {subnet}: {ips:?}");
            ips[0].to_string()
        })
    };
    Cluster { writer_ip: ip_in(&account.subnets[0]), reader_ip: ip_in(&account.subnets[1]), reader: format!("{id}-2"), security_group }
}

/// An NLB built by hand (in the console, by ECS, by a controller): an IP target group
/// with one target, the NLB, and a TCP listener forwarding to the group.
pub struct HandBuilt<'a> {
    pub nlb: &'a str,
    pub target_group: &'a str,
    pub port: i32,
    pub target_ip: &'a str,
    pub subnets: &'a [String],
    pub security_groups: Vec<String>,
    pub tags: &'a [(&'a str, &'a str)],
}

/// Builds it; the NLB's ARN.
pub fn hand_built_nlb(emulator: &Emulator, account: &Account, spec: HandBuilt) -> String {
    use aws_sdk_elasticloadbalancingv2::types::{
        Action, ActionTypeEnum, LoadBalancerSchemeEnum, LoadBalancerTypeEnum, ProtocolEnum, Tag, TargetDescription, TargetTypeEnum,
    };
    let c = emulator.clients();
    c.block(async {
        let tg = c
            .elb
            .create_target_group()
            .name(spec.target_group)
            .protocol(ProtocolEnum::Tcp)
            .port(spec.port)
            .vpc_id(&account.vpc)
            .target_type(TargetTypeEnum::Ip)
            .send()
            .await
            .unwrap();
        let tg_arn = tg.target_groups()[0].target_group_arn().unwrap().to_string();
        let target = TargetDescription::builder().id(spec.target_ip).port(spec.port).build();
        c.elb.register_targets().target_group_arn(&tg_arn).targets(target).send().await.unwrap();
        let tags = spec.tags.iter().map(|(k, v)| Tag::builder().key(*k).value(*v).build()).collect();
        let lb = c
            .elb
            .create_load_balancer()
            .name(spec.nlb)
            .r#type(LoadBalancerTypeEnum::Network)
            .scheme(LoadBalancerSchemeEnum::Internal)
            .set_subnets(Some(spec.subnets.to_vec()))
            .set_security_groups((!spec.security_groups.is_empty()).then_some(spec.security_groups))
            .set_tags(Some(tags))
            .send()
            .await
            .unwrap();
        let arn = lb.load_balancers()[0].load_balancer_arn().unwrap().to_string();
        let forward = Action::builder().r#type(ActionTypeEnum::Forward).target_group_arn(&tg_arn).build();
        c.elb
            .create_listener()
            .load_balancer_arn(&arn)
            .protocol(ProtocolEnum::Tcp)
            .port(spec.port)
            .default_actions(forward)
            .send()
            .await
            .unwrap();
        arn
    })
}

/// A security group in the account's VPC admitting TCP `port` from the VPC, or nothing.
pub fn security_group(emulator: &Emulator, account: &Account, name: &str, admit: Option<i32>) -> String {
    use aws_sdk_ec2::types::{IpPermission, IpRange};
    let c = emulator.clients();
    c.block(async {
        let group = c.ec2.create_security_group().group_name(name).description(name).vpc_id(&account.vpc).send().await.unwrap();
        let group = group.group_id.unwrap();
        if let Some(port) = admit {
            let from_vpc = IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(port)
                .to_port(port)
                .ip_ranges(IpRange::builder().cidr_ip(VPC_CIDR).build())
                .build();
            c.ec2.authorize_security_group_ingress().group_id(&group).ip_permissions(from_vpc).send().await.unwrap();
        }
        group
    })
}

pub const CONTROLLER_NLB: &str = "k8s-default-ordersap-1a2b3c4d5e";

/// A network interface in `subnet` behind `group` (a pod, a broker): its private IP.
pub fn interface(emulator: &Emulator, subnet: &str, group: &str, description: &str) -> String {
    let c = emulator.clients();
    c.block(async {
        let made = c.ec2.create_network_interface().subnet_id(subnet).groups(group).description(description).send().await.unwrap();
        made.network_interface().unwrap().private_ip_address().unwrap().to_string()
    })
}

/// An NLB made outside the tool, as the AWS Load Balancer Controller makes one for a
/// Kubernetes Service: internal, its own security group, the controller's tags, an IP
/// target group with a pod's address, a TCP listener on 8080. Its ARN.
pub fn controller_nlb(emulator: &Emulator, account: &Account) -> String {
    let pods = security_group(emulator, account, "eks-pods", Some(8080));
    let pod_ip = interface(emulator, &account.subnets[0], &pods, "pod orders-api");
    let nlb_group = security_group(emulator, account, "k8s-traffic-prod", None);
    let tags =
        [("elbv2.k8s.aws/cluster", "prod"), ("service.k8s.aws/stack", "default/orders-api"), ("service.k8s.aws/resource", "LoadBalancer")];
    hand_built_nlb(
        emulator,
        account,
        HandBuilt {
            nlb: CONTROLLER_NLB,
            target_group: "k8s-default-ordersap-tg",
            port: 8080,
            target_ip: &pod_ip,
            subnets: &account.subnets[..2],
            security_groups: vec![nlb_group],
            tags: &tags,
        },
    )
}

/// `setup` without prompts of connection `name` exposing `flag id`, in subnets a and b,
/// with the rule on the resource's security group.
pub fn setup_args<'a>(name: &'a str, flag: &'a str, id: &'a str, account: &'a Account) -> Vec<&'a str> {
    vec![
        "setup",
        "--no-input",
        "--name",
        name,
        flag,
        id,
        "--account-id",
        crate::doctor::TRIGGER_ACCOUNT,
        "--subnet",
        &account.subnets[0],
        "--subnet",
        &account.subnets[1],
        "--resource-security-group-rule",
    ]
}

/// A two-node Redshift cluster in us-east-1a, in its own security group; its leader's IP.
pub fn redshift(emulator: &Emulator, account: &Account, id: &str) -> (String, String) {
    let group = security_group(emulator, account, id, None);
    let c = emulator.clients();
    c.block(async {
        c.redshift
            .create_cluster_subnet_group()
            .cluster_subnet_group_name("private")
            .description("private subnets")
            .set_subnet_ids(Some(account.subnets.clone()))
            .send()
            .await
            .unwrap();
        c.redshift
            .create_cluster()
            .cluster_identifier(id)
            .node_type("ra3.xlplus")
            .cluster_type("multi-node")
            .number_of_nodes(2)
            .master_username("app")
            .master_user_password("Not-a-secret-1")
            .cluster_subnet_group_name("private")
            .vpc_security_group_ids(&group)
            .availability_zone("us-east-1a")
            .send()
            .await
            .unwrap();
        let found = c.redshift.describe_clusters().cluster_identifier(id).send().await.unwrap();
        let leader = found.clusters()[0].cluster_nodes().iter().find(|n| n.node_role() == Some("LEADER")).unwrap();
        (group.clone(), leader.private_ip_address().unwrap().to_string())
    })
}

/// An EC2 instance in `subnet` behind `group`, `running` or stopped; its ID and private IP.
pub fn instance(emulator: &Emulator, subnet: &str, group: Option<&str>, name: &str, running: bool) -> (String, String) {
    use aws_sdk_ec2::types::{ResourceType, Tag, TagSpecification};
    let c = emulator.clients();
    c.block(async {
        let images = c.ec2.describe_images().owners("amazon").send().await.unwrap();
        let image = images.images()[0].image_id().unwrap().to_string();
        let tags =
            TagSpecification::builder().resource_type(ResourceType::Instance).tags(Tag::builder().key("Name").value(name).build()).build();
        let made = c
            .ec2
            .run_instances()
            .image_id(image)
            .min_count(1)
            .max_count(1)
            .subnet_id(subnet)
            .set_security_group_ids(group.map(|g| vec![g.to_string()]))
            .tag_specifications(tags)
            .send()
            .await
            .unwrap();
        let instance = &made.instances()[0];
        let id = instance.instance_id().unwrap().to_string();
        if !running {
            c.ec2.stop_instances().instance_ids(&id).send().await.unwrap();
        }
        (id, instance.private_ip_address().unwrap().to_string())
    })
}

pub const ALB: &str = "internal-api";

/// An internal Application Load Balancer in subnets a and b, behind `group`, answering
/// HTTP on each of `ports`; its ARN.
pub fn alb(emulator: &Emulator, account: &Account, group: &str, ports: &[i32]) -> String {
    use aws_sdk_elasticloadbalancingv2::types::{
        Action, ActionTypeEnum, FixedResponseActionConfig, LoadBalancerSchemeEnum, LoadBalancerTypeEnum, ProtocolEnum,
    };
    let c = emulator.clients();
    c.block(async {
        let lb = c
            .elb
            .create_load_balancer()
            .name(ALB)
            .r#type(LoadBalancerTypeEnum::Application)
            .scheme(LoadBalancerSchemeEnum::Internal)
            .set_subnets(Some(account.subnets[..2].to_vec()))
            .security_groups(group)
            .send()
            .await
            .unwrap();
        let arn = lb.load_balancers()[0].load_balancer_arn().unwrap().to_string();
        for port in ports {
            let ok = FixedResponseActionConfig::builder().status_code("200").content_type("text/plain").message_body("ok").build();
            let answer = Action::builder().r#type(ActionTypeEnum::FixedResponse).fixed_response_config(ok).build();
            c.elb
                .create_listener()
                .load_balancer_arn(&arn)
                .protocol(ProtocolEnum::Http)
                .port(*port)
                .default_actions(answer)
                .send()
                .await
                .unwrap();
        }
        arn
    })
}

/// A PostgreSQL RDS Proxy in subnets a and b, in its own security group; the group and
/// the proxy's interface IPs in subnet order.
pub fn rds_proxy(emulator: &Emulator, account: &Account, name: &str) -> (String, Vec<String>) {
    use aws_sdk_rds::types::{AuthScheme, EngineFamily, UserAuthConfig};
    let group = security_group(emulator, account, name, None);
    let c = emulator.clients();
    c.block(async {
        let auth = UserAuthConfig::builder()
            .auth_scheme(AuthScheme::Secrets)
            .secret_arn("arn:aws:secretsmanager:us-east-1:123456789012:secret:db")
            .build();
        c.rds
            .create_db_proxy()
            .db_proxy_name(name)
            .engine_family(EngineFamily::Postgresql)
            .auth(auth)
            .role_arn("arn:aws:iam::123456789012:role/proxy")
            .set_vpc_subnet_ids(Some(account.subnets[..2].to_vec()))
            .vpc_security_group_ids(&group)
            .send()
            .await
            .unwrap();
    });
    let description = format!("Network interface for DBProxy {name}");
    let ips = account.subnets[..2].iter().map(|s| interface_ip(&c, &description, s)).collect();
    (group, ips)
}

/// The zones of the load balancer named `name`, sorted, read back through the AWS API.
pub fn nlb_zones(emulator: &Emulator, name: &str) -> Vec<String> {
    let c = emulator.clients();
    c.block(async {
        let lbs = c.elb.describe_load_balancers().names(name).send().await.unwrap();
        let mut zones: Vec<String> =
            lbs.load_balancers()[0].availability_zones().iter().map(|z| z.zone_name().unwrap().to_string()).collect();
        zones.sort();
        zones
    })
}
