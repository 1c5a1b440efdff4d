use crate::{constants::*, errors::MedshareError, events::*, state::*};
use anchor_lang::prelude::*;

#[derive(Accounts)]
#[instruction(patient: Pubkey, id: u64)]
pub struct AddDocument<'info> {
    /// The patient, or a provider under a grant covering documents. Pays for the account.
    #[account(mut)]
    pub uploader: Signer<'info>,
    /// The uploader's provider profile: needed when a provider adds the document, so a retired
    /// provider adds none.
    #[account(seeds = [PROVIDER_SEED, uploader.key().as_ref()], bump = provider.bump)]
    pub provider: Option<Account<'info, ProviderProfile>>,
    /// The patient's grant to the uploader: needed when a provider adds the document.
    #[account(
        seeds = [GRANT_SEED, patient.as_ref(), uploader.key().as_ref()],
        bump = grant.bump,
    )]
    pub grant: Option<Account<'info, Grant>>,
    #[account(
        init,
        payer = uploader,
        space = 8 + Document::INIT_SPACE,
        seeds = [DOCUMENT_SEED, patient.as_ref(), id.to_le_bytes().as_ref()],
        bump,
    )]
    pub document: Account<'info, Document>,
    pub system_program: Program<'info, System>,
}

/// Adds a document to `patient`'s documents at version 1. Only the patient may open it to
/// break-glass access.
pub fn add_patient_document(
    ctx: Context<AddDocument>,
    patient: Pubkey,
    id: u64,
    contents: DocumentContents,
    emergency_access: bool,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let uploader = ctx.accounts.uploader.key();
    if uploader != patient {
        let (Some(_), Some(grant)) = (&ctx.accounts.provider, &ctx.accounts.grant) else {
            return err!(MedshareError::NotDocumentUploader);
        };
        grant.authorizes(FieldSet::DOCUMENTS, now)?;
        require!(!emergency_access, MedshareError::NotRecordOwner);
    }
    contents.check()?;
    ctx.accounts.document.set_inner(Document {
        patient,
        id,
        uploader,
        version: 1,
        contents,
        emergency_access,
        added_at: now,
        withdrawn_at: None,
        bump: ctx.bumps.document,
    });
    emit_event(&DocumentAdded {
        patient,
        document: ctx.accounts.document.key(),
        uploader,
        category: contents.category,
        digest: contents.digest,
        padded_size: contents.padded_size,
    });
    Ok(())
}
