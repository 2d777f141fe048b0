//! The domain: what a private connection is made of, one module per AWS resource.
//! Each resource module finds its resource by tag (or by the ID the user gave),
//! decides whether to create, adopt or update it, and reports what it did.

pub mod alb;
pub mod alerts;
pub mod census;
pub mod elb_tags;
pub mod endpoint_service;
pub mod evidence;
pub mod function;
pub mod inputs;
pub mod instance;
pub mod inventory;
pub mod load_balancer;
pub mod names;
pub mod ports;
pub mod principal;
pub mod probe;
pub mod resource;
pub mod resource_access;
pub mod route;
pub mod security_group;
pub mod sync;
pub mod target;
pub mod target_group;
pub mod teardown;
pub mod vpc;
