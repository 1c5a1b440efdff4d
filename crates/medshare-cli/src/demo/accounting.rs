//! The accounting of disclosures a compliance officer reads: one durable receipt per disclosure.

use super::stage::Stage;
use crate::display::{fields, timestamp};
use medshare_sdk::addresses;
use share_medical_records::state::{Disclosure, DisclosureBasis};

pub async fn print(stage: &mut Stage) -> anyhow::Result<()> {
    for offset in stage.offsets.clone() {
        let receipt: Disclosure = stage
            .chain
            .anchor_account(addresses::disclosure(offset))
            .await?;
        let recipient = stage
            .names
            .get(&receipt.provider)
            .cloned()
            .unwrap_or_else(|| receipt.provider.to_string());
        let basis = match receipt.basis {
            DisclosureBasis::Patient => "sent by the patient".to_string(),
            DisclosureBasis::Grant(grant) => format!("grant {grant}"),
            DisclosureBasis::Emergency(justification) => {
                format!("EMERGENCY, justification {justification:?}")
            }
        };
        println!(
            "   receipt {} (computation {offset})",
            addresses::disclosure(offset)
        );
        println!("      date           {}", timestamp(receipt.queued_at));
        println!("      patient        {}", receipt.patient);
        println!("      recipient      {recipient}");
        println!("      requester      {}", receipt.requester);
        println!("      fields         {}", fields(receipt.fields));
        println!("      purpose        {:?}", receipt.purpose);
        println!("      basis          {basis}");
        println!("      record version {}", receipt.record_version);
        println!(
            "      status         {:?} at {}",
            receipt.status,
            timestamp(receipt.completed_at)
        );
    }
    Ok(())
}
