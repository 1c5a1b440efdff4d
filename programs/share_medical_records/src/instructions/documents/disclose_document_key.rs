use crate::instructions::{authorize, queue_accounts, Credentials, DisclosureRequest, Requested};
use crate::{
    constants::*, errors::MedshareError, events::*, state::*, ArciumSignerAccount,
    DiscloseDocumentKeyCallback, ID, ID_CONST,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;
use arcium_client::idl::arcium::types::CallbackAccount;

queue_accounts! {
    pub struct DiscloseDocumentKey for "disclose_document_key"
        at COMP_DEF_OFFSET_DISCLOSE_DOCUMENT_KEY,
        payer = requester, offset = computation_offset
    {
        /// The patient, or a provider acting under a grant or break-glass access. Pays the receipt.
        #[account(mut)]
        pub requester: Signer<'info>,
        #[account(
            seeds = [DOCUMENT_SEED, document.patient.as_ref(), document.id.to_le_bytes().as_ref()],
            bump = document.bump,
        )]
        pub document: Box<Account<'info, Document>>,
        /// The requester's profile: needed for grant and break-glass requests.
        #[account(constraint = provider.wallet == requester.key() @ MedshareError::NotProviderWallet)]
        pub provider: Option<Box<Account<'info, ProviderProfile>>>,
        /// The patient's grant to the requester: needed for grant requests.
        #[account(
            mut,
            constraint = grant.patient == document.patient @ MedshareError::GrantNotForRecord,
            constraint = grant.provider == requester.key() @ MedshareError::GrantNotForProvider,
        )]
        pub grant: Option<Box<Account<'info, Grant>>>,
        /// Needed for break-glass requests.
        #[account(seeds = [ACCESS_CONFIG_SEED], bump = access_config.bump)]
        pub access_config: Option<Box<Account<'info, AccessConfig>>>,
        #[account(
            init,
            payer = requester,
            space = 8 + Disclosure::INIT_SPACE,
            seeds = [RECEIPT_SEED, computation_offset.to_le_bytes().as_ref()],
            bump,
        )]
        pub disclosure: Box<Account<'info, Disclosure>>,
    }
}

impl<'info> DiscloseDocumentKey<'info> {
    fn credentials(&self) -> Credentials<'_> {
        let provider = self.provider.as_deref().map(|provider| &**provider);
        Credentials::new(provider, &self.grant, &self.access_config)
    }

    /// The callback gets the document (to see a withdrawal) and the same credentials back; an
    /// absent one is passed as this program's id, Anchor's marker for `None`.
    fn callback_accounts(&self) -> Vec<CallbackAccount> {
        let or_none = |key: Option<Pubkey>, writable: bool| CallbackAccount {
            pubkey: key.unwrap_or(ID),
            is_writable: writable && key.is_some(),
        };
        vec![
            CallbackAccount {
                pubkey: self.disclosure.key(),
                is_writable: true,
            },
            CallbackAccount {
                pubkey: self.document.key(),
                is_writable: false,
            },
            or_none(self.provider.as_ref().map(|p| p.key()), false),
            or_none(self.grant.as_ref().map(|g| g.key()), true),
            or_none(self.access_config.as_ref().map(|c| c.key()), false),
        ]
    }
}

/// Queues the re-encryption of a document's file key for the recipient `request` entitles, and
/// opens the receipt. As for records, the output nonce derives from the receipt's offset and
/// the sealed key comes from the account.
pub fn queue_document_key_disclosure(
    ctx: Context<DiscloseDocumentKey>,
    computation_offset: u64,
    request: DisclosureRequest,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let requester = ctx.accounts.requester.key();
    let document = &ctx.accounts.document;
    document.require_available()?;
    let terms = authorize(
        request,
        &requester,
        Requested::Document(document),
        &ctx.accounts.credentials(),
        now,
    )?;

    let recipient = ArgBuilder::new()
        .x25519_pubkey(terms.recipient_key)
        .plaintext_u128(recipient_nonce(computation_offset));
    let args = document.sealed_key_args(&document.key(), recipient).build();

    if let (DisclosureBasis::Grant(_), Some(grant)) = (terms.basis, &mut ctx.accounts.grant) {
        grant.queue_request()?;
    }
    let subject = DisclosureSubject::Document {
        address: document.key(),
        version: document.version,
    };
    let receipt = Disclosure {
        patient: document.patient,
        provider: terms.provider,
        requester,
        recipient_key: terms.recipient_key,
        fields: terms.fields,
        purpose: terms.purpose,
        basis: terms.basis,
        consent_generation: terms.consent_generation,
        subject,
        computation_offset,
        status: DisclosureStatus::Queued,
        queued_at: now,
        completed_at: 0,
        delivery_digest: [0; 32],
        bump: ctx.bumps.disclosure,
    };
    let queued = DisclosureQueued {
        patient: receipt.patient,
        provider: receipt.provider,
        requester,
        recipient_key: receipt.recipient_key,
        fields: receipt.fields,
        purpose: receipt.purpose,
        basis: receipt.basis,
        subject,
        computation_offset,
    };
    ctx.accounts.disclosure.set_inner(receipt);

    ctx.accounts.sign_pda_account.bump = ctx.bumps.sign_pda_account;
    let callback = DiscloseDocumentKeyCallback::callback_ix(
        computation_offset,
        &ctx.accounts.mxe_account,
        &ctx.accounts.callback_accounts(),
    )?;
    queue_computation(
        ctx.accounts,
        computation_offset,
        args,
        vec![callback],
        1,
        0,
        CALLBACK_CU_LIMIT,
    )?;
    emit_event(&queued);
    Ok(())
}
