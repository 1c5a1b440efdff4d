use super::{
    authorize, callback_accounts, open_receipt, Credentials, DisclosureRequest, Request, Requested,
};
use crate::{
    constants::*, errors::MedshareError, events::*, instructions::queue_accounts, state::*,
    ArciumSignerAccount, DiscloseSealedPairCallback, ID, ID_CONST,
};
use anchor_lang::prelude::*;
use arcium_anchor::prelude::*;
use arcium_client::idl::arcium::types::CallbackAccount;

queue_accounts! {
    pub struct DiscloseSealedPair for "disclose_sealed_pair"
        at COMP_DEF_OFFSET_DISCLOSE_SEALED_PAIR,
        payer = requester, offset = computation_offset
    {
        /// The patient, or a provider acting under a grant or break-glass access. Pays the receipt.
        #[account(mut)]
        pub requester: Signer<'info>,
        /// The document whose key is asked for; or else
        #[account(
            seeds = [DOCUMENT_SEED, document.patient.as_ref(), document.id.to_le_bytes().as_ref()],
            bump = document.bump,
        )]
        pub document: Option<Box<Account<'info, Document>>>,
        /// the attestation whose body is asked for.
        #[account(
            seeds = [ATTESTATION_SEED, attestation.attester.as_ref(), attestation.id.to_le_bytes().as_ref()],
            bump = attestation.bump,
        )]
        pub attestation: Option<Box<Account<'info, Attestation>>>,
        /// The requester's profile: needed for grant and break-glass requests.
        #[account(constraint = provider.wallet == requester.key() @ MedshareError::NotProviderWallet)]
        pub provider: Option<Box<Account<'info, ProviderProfile>>>,
        /// The patient's grant to the requester (its patient is checked against the subject's):
        /// needed for grant requests.
        #[account(
            mut,
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

/// A document or an attestation, as a disclosure of its sealed pair needs it.
struct PairSubject<'a> {
    requested: Requested<'a>,
    address: Pubkey,
    receipt: DisclosureSubject,
    sealed: &'a SealedPair,
    /// The binding of its patient and account, which the circuit checks the tag against.
    binding: (u128, u128),
}

impl<'info> DiscloseSealedPair<'info> {
    fn credentials(&self) -> Credentials<'_> {
        let provider = self.provider.as_deref().map(|provider| &**provider);
        Credentials::new(provider, &self.grant, &self.access_config)
    }

    /// What is asked for; exactly one of document and attestation must be given, and in
    /// standing.
    fn subject(&self) -> Result<PairSubject<'_>> {
        match (self.document.as_deref(), self.attestation.as_deref()) {
            (Some(document), None) => {
                document.require_available()?;
                let address = document.key();
                Ok(PairSubject {
                    requested: Requested::Document(document),
                    address,
                    receipt: DisclosureSubject::Document {
                        address,
                        version: document.version,
                    },
                    sealed: &document.contents.sealed_key,
                    binding: document_binding(&document.patient, &address),
                })
            }
            (None, Some(attestation)) => {
                attestation.require_standing()?;
                let address = attestation.key();
                Ok(PairSubject {
                    requested: Requested::Attestation(attestation),
                    address,
                    receipt: DisclosureSubject::Attestation { address },
                    sealed: &attestation.sealed_body,
                    binding: attestation_binding(&attestation.recipient, &address),
                })
            }
            _ => err!(MedshareError::OneSubject),
        }
    }

    /// The callback gets the receipt, the subject (to see a withdrawal or revocation) and the
    /// credentials back.
    fn callback_accounts(&self, subject: Pubkey) -> Vec<CallbackAccount> {
        callback_accounts(
            self.disclosure.key(),
            Some(subject),
            self.provider.as_ref().map(|p| p.key()),
            self.grant.as_ref().map(|g| g.key()),
            self.access_config.as_ref().map(|c| c.key()),
        )
    }
}

/// Queues the re-encryption of a document's file key or an attestation's body for the
/// recipient `request` entitles, and opens the receipt. As for records, the output nonce
/// derives from the receipt's offset and the sealed pair comes from the account.
pub fn queue_sealed_pair_disclosure(
    ctx: Context<DiscloseSealedPair>,
    computation_offset: u64,
    request: DisclosureRequest,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let requester = ctx.accounts.requester.key();
    let PairSubject {
        requested,
        address,
        receipt: subject,
        sealed,
        binding,
    } = ctx.accounts.subject()?;
    let patient = requested.patient();
    if let Some(grant) = &ctx.accounts.grant {
        require_keys_eq!(grant.patient, patient, MedshareError::GrantNotForRecord);
    }
    let terms = authorize(
        request,
        &requester,
        requested,
        &ctx.accounts.credentials(),
        now,
    )?;
    let recipient = ArgBuilder::new()
        .x25519_pubkey(terms.recipient_key)
        .plaintext_u128(recipient_nonce(computation_offset));
    let args = sealed.arguments(recipient, binding).build();

    if let (DisclosureBasis::Grant(_), Some(grant)) = (terms.basis, &mut ctx.accounts.grant) {
        grant.queue_request()?;
    }
    let request = Request {
        requester,
        patient,
        subject,
        computation_offset,
        now,
    };
    let (receipt, queued) = open_receipt(request, terms, ctx.bumps.disclosure);
    ctx.accounts.disclosure.set_inner(receipt);

    ctx.accounts.sign_pda_account.bump = ctx.bumps.sign_pda_account;
    let callback = DiscloseSealedPairCallback::callback_ix(
        computation_offset,
        &ctx.accounts.mxe_account,
        &ctx.accounts.callback_accounts(address),
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
