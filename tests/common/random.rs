//! Random clinical summaries for the circuit tests: common codes and concepts most of the time,
//! any valid one otherwise, and the edges of the date range.

use medshare_sdk::record::{
    AllergySet, ClinicalSummary, Condition, Icd10Code, Medication, Sex, ALLERGENS,
};
use rand::{rngs::StdRng, seq::SliceRandom, Rng};
use time::{Date, Month};

pub const RXCUIS: [u32; 6] = [860975, 197361, 314076, 617314, 1191, 4_000_000_000];
pub const CODES: [&str; 8] = [
    "E11.9", "E11.65", "E10", "I10", "I25.10", "J45.909", "E78.5", "Z00",
];

pub fn random_code(rng: &mut StdRng) -> Icd10Code {
    if rng.gen_bool(0.6) {
        return Icd10Code::parse(CODES.choose(rng).unwrap()).unwrap();
    }
    let length = rng.gen_range(3..=6);
    let alphanumeric = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut code = String::new();
    code.push(rng.gen_range(b'A'..=b'Z') as char);
    code.push(rng.gen_range(b'0'..=b'9') as char);
    for _ in 2..length {
        code.push(*alphanumeric.choose(rng).unwrap() as char);
    }
    Icd10Code::parse(&code).unwrap()
}

pub fn random_date(rng: &mut StdRng) -> Date {
    let first = Date::from_calendar_date(1900, Month::January, 2).unwrap();
    let last = Date::from_calendar_date(2079, Month::June, 6).unwrap();
    match rng.gen_range(0..20) {
        0 => first,
        1 => last,
        _ => Date::from_julian_day(rng.gen_range(first.to_julian_day()..=last.to_julian_day()))
            .unwrap(),
    }
}

pub fn random_summary(rng: &mut StdRng) -> ClinicalSummary {
    let mut flags = [false; ALLERGENS.len()];
    flags.iter_mut().for_each(|flag| *flag = rng.gen_bool(0.2));
    ClinicalSummary {
        birth_date: rng.gen_bool(0.85).then(|| random_date(rng)),
        sex: [Sex::Unknown, Sex::Male, Sex::Female, Sex::Other][rng.gen_range(0..4)],
        allergies: AllergySet::from_flags(flags),
        conditions: (0..rng.gen_range(0..=8))
            .map(|_| Condition {
                code: random_code(rng),
                onset: rng.gen_bool(0.5).then(|| random_date(rng)),
            })
            .collect(),
        medications: (0..rng.gen_range(0..=8))
            .map(|_| Medication {
                rxcui: if rng.gen_bool(0.7) {
                    *RXCUIS.choose(rng).unwrap()
                } else {
                    rng.gen_range(1..=u32::MAX)
                },
                started: None,
            })
            .collect(),
        ..ClinicalSummary::default()
    }
}
