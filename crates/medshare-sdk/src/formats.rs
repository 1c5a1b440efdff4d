//! Accounts written in an earlier record format, recognised so that they are refused by name
//! rather than misread. Format 2 gave `PatientRecord` and `Disclosure` discriminators of their
//! own (`mdrec002`, `mdrcp002`); format 1 used Anchor's default ones.

use solana_program::hash::hash;

/// Which account `data` holds and its format, if it is one of an earlier format.
pub fn earlier_format(data: &[u8]) -> Option<(&'static str, u8)> {
    let discriminator = data.get(..8)?;
    [
        ("a record", "PatientRecord"),
        ("a disclosure receipt", "Disclosure"),
    ]
    .into_iter()
    .find(|(_, name)| hash(format!("account:{name}").as_bytes()).to_bytes()[..8] == *discriminator)
    .map(|(what, _)| (what, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::Discriminator;
    use share_medical_records::state::{Disclosure, Grant, PatientRecord};

    #[test]
    fn only_format_one_records_and_receipts_are_earlier() {
        let format_one = hash(b"account:PatientRecord").to_bytes();
        assert_eq!(earlier_format(&format_one), Some(("a record", 1)));
        for current in [
            PatientRecord::DISCRIMINATOR,
            Disclosure::DISCRIMINATOR,
            Grant::DISCRIMINATOR,
        ] {
            assert_eq!(earlier_format(current), None);
        }
    }
}
