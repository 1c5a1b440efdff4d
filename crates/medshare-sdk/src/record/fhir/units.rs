//! Converting a FHIR `Quantity` in UCUM units to the record's integer units.

use super::model::Quantity;
use super::read::Problem;
use super::terminology::UCUM;

/// UCUM units a body weight may come in, with decagrams (the record's unit) per unit.
pub(super) const WEIGHT_UNITS: [(&str, f64); 3] =
    [("kg", 100.0), ("g", 0.1), ("[lb_av]", 45.359237)];

/// UCUM units a body height may come in, with millimetres (the record's unit) per unit.
pub(super) const HEIGHT_UNITS: [(&str, f64); 4] =
    [("cm", 10.0), ("m", 1000.0), ("mm", 1.0), ("[in_i]", 25.4)];

/// `quantity` in the record's unit, rounded to it; the error names the element at fault.
pub(super) fn to_record_unit(quantity: &Quantity, units: &[(&str, f64)]) -> Result<u16, Problem> {
    let known = || {
        let codes: Vec<&str> = units.iter().map(|(code, _)| *code).collect();
        codes.join(", ")
    };
    if let Some(system) = quantity.system.as_deref().filter(|system| *system != UCUM) {
        return Err((
            "valueQuantity.system",
            format!(
                "is {system}; medshare converts only UCUM units ({})",
                known()
            ),
        ));
    }
    // The UCUM code is authoritative; `unit` is a display and only stands in when it is absent.
    let (field, unit) = match (&quantity.code, &quantity.unit) {
        (Some(code), _) => ("valueQuantity.code", code.as_str()),
        (None, Some(unit)) => ("valueQuantity.unit", unit.as_str()),
        (None, None) => return Err(("valueQuantity.code", "is missing".to_string())),
    };
    let Some((_, per_unit)) = units.iter().find(|(code, _)| *code == unit) else {
        return Err((
            field,
            format!("{unit:?} is not a unit medshare converts ({})", known()),
        ));
    };
    let Some(value) = quantity.value else {
        return Err(("valueQuantity.value", "is missing".to_string()));
    };
    let scaled = (value * per_unit).round();
    if scaled < 1.0 || scaled > f64::from(u16::MAX) {
        return Err((
            "valueQuantity.value",
            format!("{value} {unit} is outside what the record can hold"),
        ));
    }
    Ok(scaled as u16)
}
