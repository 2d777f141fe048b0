use serde::Serialize;

use crate::aws::Aws;
use crate::cli::ServiceNameArgs;
use crate::connection::endpoint_service;
use crate::error::ExitStatus;
use crate::ui::{Report, Ui, View};

#[derive(Serialize)]
struct ServiceName {
    service_name: String,
    service_id: String,
    region: String,
}

impl Report for ServiceName {
    /// The name alone, so `$(trigger-privatelink service-name --name db)` works.
    fn human(&self, _: View) -> String {
        self.service_name.clone()
    }
}

pub async fn run(aws: &Aws, ui: &Ui, args: ServiceNameArgs) -> anyhow::Result<ExitStatus> {
    let found = endpoint_service::select(aws, args.target.name.as_ref(), args.target.service_id.as_deref()).await;
    let service = super::for_name(aws, args.target.name.as_ref(), found).await?;
    ui.emit(&ServiceName {
        service_name: service.service_name().unwrap_or_default().to_string(),
        service_id: service.service_id().unwrap_or_default().to_string(),
        region: aws.region.clone(),
    })?;
    Ok(ExitStatus::Success)
}
