//! Who may have which fields disclosed: checked when a disclosure is queued, and again when its
//! callback arrives, so that a receipt says when consent changed while the cluster computed.

use crate::{errors::MedshareError, keys::check_encryption_key, state::*};
use anchor_lang::prelude::*;

/// What a requester asks for.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisclosureRequest {
    /// The patient sends the whole record to any x25519 key.
    Patient { recipient_key: [u8; 32] },
    /// A provider pulls the fields its grant covers, without the patient's signature.
    Grant,
    /// A provider on the break-glass list pulls the emergency field set.
    Emergency {
        justification: EmergencyJustification,
    },
}

/// The terms a request is queued under; they become the receipt.
pub struct Terms {
    pub provider: Pubkey,
    pub recipient_key: [u8; 32],
    pub fields: FieldSet,
    pub purpose: PurposeOfUse,
    pub basis: DisclosureBasis,
    pub consent_generation: u64,
}

/// The accounts that may back a request; which ones are needed depends on the request. At the
/// callback, a provider profile retired since the request is absent.
pub struct Credentials<'a> {
    pub provider: Option<&'a ProviderProfile>,
    pub grant: Option<(&'a Grant, Pubkey)>,
    pub access_config: Option<&'a AccessConfig>,
}

type Optional<'info, T> = Option<Box<Account<'info, T>>>;

impl<'a> Credentials<'a> {
    /// The credentials of a request's or a callback's accounts; the provider's profile is
    /// given already read, since the callback reads it only if it still exists.
    pub fn new<'info>(
        provider: Option<&'a ProviderProfile>,
        grant: &'a Optional<'info, Grant>,
        access_config: &'a Optional<'info, AccessConfig>,
    ) -> Self {
        Credentials {
            provider,
            grant: grant.as_deref().map(|grant| (&**grant, grant.key())),
            access_config: access_config.as_deref().map(|config| &**config),
        }
    }
}

/// What a request would disclose.
#[derive(Clone, Copy)]
pub enum Requested<'a> {
    Record(&'a PatientRecord),
    Document(&'a Document),
    /// An attestation's body: a diagnosis, so the conditions set covers it.
    Attestation(&'a Attestation),
    /// A yes or no about the record: only an eligibility grant covers it.
    Answer(&'a PatientRecord),
}

impl Requested<'_> {
    pub fn patient(&self) -> Pubkey {
        match self {
            Requested::Record(record) | Requested::Answer(record) => record.owner,
            Requested::Document(document) => document.patient,
            Requested::Attestation(attestation) => attestation.recipient,
        }
    }

    /// The field sets a grant of `granted` lets its provider have disclosed, if any.
    fn under_grant(&self, granted: FieldSet) -> Result<FieldSet> {
        let fields = match self {
            Requested::Record(_) => granted.of_record(),
            Requested::Document(_) => FieldSet::DOCUMENTS,
            Requested::Attestation(_) => FieldSet::CONDITIONS,
            Requested::Answer(_) => FieldSet::ELIGIBILITY,
        };
        require!(
            granted.contains(fields) && fields.is_valid(),
            MedshareError::FieldsNotGranted
        );
        Ok(fields)
    }
}

/// Decides whether `requester` may queue `request` for `requested` at `now`.
pub fn authorize(
    request: DisclosureRequest,
    requester: &Pubkey,
    requested: Requested,
    credentials: &Credentials,
    now: i64,
) -> Result<Terms> {
    match request {
        DisclosureRequest::Patient { recipient_key } => {
            require_keys_eq!(
                *requester,
                requested.patient(),
                MedshareError::NotRecordOwner
            );
            check_encryption_key(&recipient_key)?;
            let fields = match requested {
                Requested::Record(_) => FieldSet::ALL,
                Requested::Document(_) => FieldSet::DOCUMENTS,
                Requested::Attestation(_) => FieldSet::CONDITIONS,
                Requested::Answer(_) => FieldSet::ELIGIBILITY,
            };
            Ok(Terms {
                provider: Pubkey::default(),
                recipient_key,
                fields,
                purpose: PurposeOfUse::PatientRequest,
                basis: DisclosureBasis::Patient,
                consent_generation: 0,
            })
        }
        DisclosureRequest::Grant => {
            let provider = credentials
                .provider
                .ok_or(MedshareError::ProviderProfileMissing)?;
            let (grant, grant_key) = credentials.grant.ok_or(MedshareError::GrantMissing)?;
            // A revoked or expired grant says so before what it covers.
            grant.authorizes(grant.fields, now)?;
            let fields = requested.under_grant(grant.fields)?;
            Ok(Terms {
                provider: provider.wallet,
                recipient_key: provider.encryption_key,
                fields,
                purpose: grant.purpose,
                basis: DisclosureBasis::Grant(grant_key),
                consent_generation: grant.generation,
            })
        }
        DisclosureRequest::Emergency { justification } => {
            let provider = credentials
                .provider
                .ok_or(MedshareError::ProviderProfileMissing)?;
            let config = credentials
                .access_config
                .ok_or(MedshareError::AccessConfigMissing)?;
            require!(
                config.allows_emergency(&provider.wallet),
                MedshareError::NotEmergencyProvider
            );
            let fields = match requested {
                Requested::Record(_) => FieldSet::EMERGENCY,
                Requested::Document(document) => {
                    require!(
                        document.emergency_access,
                        MedshareError::DocumentNotForEmergencies
                    );
                    FieldSet::DOCUMENTS
                }
                Requested::Attestation(_) => FieldSet::CONDITIONS,
                // `QuestionRequest` cannot say so; refused all the same.
                Requested::Answer(_) => return err!(MedshareError::NoEmergencyQuestions),
            };
            Ok(Terms {
                provider: provider.wallet,
                recipient_key: provider.encryption_key,
                fields,
                purpose: PurposeOfUse::Emergency,
                basis: DisclosureBasis::Emergency(justification),
                consent_generation: config.generation,
            })
        }
    }
}

/// How the consent behind a queued disclosure has changed by `now`, if it has. The callback
/// passes the accounts the disclosure was queued with.
pub fn consent_change(
    disclosure: &Disclosure,
    credentials: &Credentials,
    now: i64,
) -> Result<Option<ConsentChange>> {
    let withdrawn = match disclosure.basis {
        DisclosureBasis::Patient => return Ok(None),
        DisclosureBasis::Grant(grant_key) => {
            let grant = credentials
                .grant
                .filter(|(_, key)| *key == grant_key)
                .map(|(grant, _)| grant)
                .ok_or(MedshareError::GrantMissing)?;
            grant
                .refusal(disclosure.fields, now)
                .map(ConsentChange::from)
                .or((grant.generation != disclosure.consent_generation)
                    .then_some(ConsentChange::GrantChanged))
        }
        DisclosureBasis::Emergency(_) => {
            let config = credentials
                .access_config
                .ok_or(MedshareError::AccessConfigMissing)?;
            if !config.allows_emergency(&disclosure.provider) {
                Some(ConsentChange::EmergencyAccessWithdrawn)
            } else {
                (config.generation != disclosure.consent_generation)
                    .then_some(ConsentChange::EmergencyListChanged)
            }
        }
    };
    let provider_changed = match credentials
        .provider
        .filter(|provider| provider.wallet == disclosure.provider)
    {
        None => Some(ConsentChange::ProviderRetired),
        Some(provider) => (provider.encryption_key != disclosure.recipient_key)
            .then_some(ConsentChange::ProviderKeyRotated),
    };
    Ok(withdrawn.or(provider_changed))
}

/// A grant request leaves the grant's count of requests waiting when it is settled or closed
/// out; it must come with the grant it was queued under.
pub fn settle_grant_request(
    disclosure: &Disclosure,
    grant: Option<&mut Account<Grant>>,
) -> Result<()> {
    if let DisclosureBasis::Grant(grant_key) = disclosure.basis {
        let grant = grant
            .filter(|grant| grant.key() == grant_key)
            .ok_or(MedshareError::GrantMissing)?;
        grant.settle_request();
    }
    Ok(())
}
