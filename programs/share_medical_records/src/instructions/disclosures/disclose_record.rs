use super::{
    authorize, callback_accounts, open_receipt, Credentials, DisclosureRequest, Request, Requested,
};
use crate::{
    constants::*, errors::MedshareError, events::*, instructions::queue_accounts, state::*,
    ArciumSignerAccount, DiscloseRecordCallback, ID, ID_CONST,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;
use arcium_client::idl::arcium::types::CallbackAccount;

queue_accounts! {
    pub struct DiscloseRecord for "disclose_record" at COMP_DEF_OFFSET_DISCLOSE_RECORD,
        payer = requester, offset = computation_offset
    {
        /// The patient, or a provider acting under a grant or break-glass access. Pays the receipt.
        #[account(mut)]
        pub requester: Signer<'info>,
        #[account(seeds = [RECORD_SEED, record.owner.as_ref()], bump = record.bump)]
        pub record: Box<Account<'info, PatientRecord>>,
        /// The requester's profile: needed for grant and break-glass requests.
        #[account(constraint = provider.wallet == requester.key() @ MedshareError::NotProviderWallet)]
        pub provider: Option<Box<Account<'info, ProviderProfile>>>,
        /// The patient's grant to the requester: needed for grant requests.
        #[account(
            mut,
            constraint = grant.patient == record.owner @ MedshareError::GrantNotForRecord,
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

impl<'info> DiscloseRecord<'info> {
    fn credentials(&self) -> Credentials<'_> {
        let provider = self.provider.as_deref().map(|provider| &**provider);
        Credentials::new(provider, &self.grant, &self.access_config)
    }

    /// The callback gets the receipt and the credentials back.
    fn callback_accounts(&self) -> Vec<CallbackAccount> {
        callback_accounts(
            self.disclosure.key(),
            None,
            self.provider.as_ref().map(|p| p.key()),
            self.grant.as_ref().map(|g| g.key()),
            self.access_config.as_ref().map(|c| c.key()),
        )
    }
}

/// Queues the re-encryption of the fields `request` is entitled to, for the recipient's key,
/// and opens the receipt. The output nonce derives from the offset the receipt claims, so no
/// requester can aim an output at a (key, nonce) already used; the record's own key, nonce and
/// ciphertexts come from the account, so the cluster works on exactly the version stored now.
pub fn queue_disclosure(
    ctx: Context<DiscloseRecord>,
    computation_offset: u64,
    request: DisclosureRequest,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let requester = ctx.accounts.requester.key();
    let record = &ctx.accounts.record;
    let terms = authorize(
        request,
        &requester,
        Requested::Record(record),
        &ctx.accounts.credentials(),
        now,
    )?;

    let args = record
        .reencryption_args(
            &record.key(),
            terms.recipient_key,
            recipient_nonce(computation_offset),
        )
        .plaintext_u8(terms.fields.0)
        .build();

    if let (DisclosureBasis::Grant(_), Some(grant)) = (terms.basis, &mut ctx.accounts.grant) {
        grant.queue_request()?;
    }

    let request = Request {
        requester,
        patient: record.owner,
        subject: DisclosureSubject::Record {
            version: record.version,
        },
        computation_offset,
        now,
    };
    let (receipt, queued) = open_receipt(request, terms, ctx.bumps.disclosure);
    ctx.accounts.disclosure.set_inner(receipt);

    ctx.accounts.sign_pda_account.bump = ctx.bumps.sign_pda_account;
    let callback = DiscloseRecordCallback::callback_ix(
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
