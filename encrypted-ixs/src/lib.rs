//! Arcis circuits run by the Arcium cluster for medshare.
//!
//! A sealed record (format 2, `docs/record-encoding.md`) is six Rescue ciphertexts under the
//! x25519 secret the patient shares with the MXE: the header (demographics, blood type, vitals,
//! allergies) as `Pack<Header>`, two elements of packed conditions, two of packed medications,
//! and a binding tag. The tag ties the record to its owner and account: a copy stored anywhere
//! else fails the check below, and the circuits then release nothing.
//! `medshare_crypto::binding` computes the same tag on the client.

use arcis::*;

#[encrypted]
mod circuits {
    use arcis::*;

    /// The fields of the four small field sets, in one packed element (88 of its 214 bits).
    /// Days count from 1900-01-01; 0 means "not recorded".
    pub struct Header {
        birth_day: u16,
        sex: u8,
        blood_type: u8,
        weight_dag: u16,
        height_mm: u16,
        allergies: [bool; 24],
    }

    /// A record as the circuits receive it: header, the four entry elements (conditions 0-1,
    /// medications 0-1, never unpacked here), the tag, and a pad whose ciphertext the program
    /// always supplies as 0, so that it decrypts to minus the keystream element after the tag:
    /// the tag's key, which only holders of the patient's shared secret can compute.
    /// (A tuple: Arcis cannot derive its type for a struct holding a `Pack`.)
    type Sealed = (
        Pack<Header>,
        [BaseField25519; 4],
        BaseField25519,
        BaseField25519,
    );

    /// What a recipient receives: the header with withheld sets zeroed, then the four entry
    /// elements, each zero unless its set was disclosed.
    type Disclosed = [BaseField25519; 5];

    // Field sets, one bit each; `share_medical_records::state::FieldSet` uses the same bits.
    const DEMOGRAPHICS: u8 = 1;
    const BLOOD_TYPE: u8 = 2;
    const VITALS: u8 = 4;
    const ALLERGIES: u8 = 8;
    const CONDITIONS: u8 = 16;
    const MEDICATIONS: u8 = 32;
    const ALL: u8 = 63;

    fn granted(fields: u8, set: u8) -> bool {
        fields & set != 0
    }

    fn zero() -> BaseField25519 {
        BaseField25519::from_u8(0)
    }

    fn shifted(value: BaseField25519, bits: usize) -> BaseField25519 {
        value * BaseField25519::power_of_two(bits)
    }

    /// The header's packed element with the sets outside `fields` zeroed: Arcis's `Pack`
    /// layout (widest first), recombined linearly, which costs no multiplication.
    fn header_element(header: &Header, fields: u8) -> BaseField25519 {
        let mut value = zero();
        if granted(fields, DEMOGRAPHICS) {
            value = value
                + BaseField25519::from_u16(header.birth_day)
                + shifted(BaseField25519::from_u8(header.sex), 48);
        }
        if granted(fields, VITALS) {
            value = value
                + shifted(BaseField25519::from_u16(header.weight_dag), 16)
                + shifted(BaseField25519::from_u16(header.height_mm), 32);
        }
        if granted(fields, BLOOD_TYPE) {
            value = value + shifted(BaseField25519::from_u8(header.blood_type), 56);
        }
        if granted(fields, ALLERGIES) {
            for i in 0..24 {
                value = value + shifted(BaseField25519::from_bool(header.allergies[i]), 64 + i);
            }
        }
        value
    }

    /// The binding tag t = k^8 + b k + h k^2 + e0 k^3 + e1 k^4 + e2 k^5 + e3 k^6 over
    /// GF(2^255 - 19): b the binding of owner and account, h the header, e the entries.
    /// Powers by squaring keep it to 4 rounds of multiplication.
    fn binding_tag(
        key: BaseField25519,
        binding: BaseField25519,
        header: BaseField25519,
        entries: [BaseField25519; 4],
    ) -> BaseField25519 {
        let k2 = key * key;
        let k3 = k2 * key;
        let k4 = k2 * k2;
        let k5 = k4 * key;
        let k6 = k4 * k2;
        let k8 = k4 * k4;
        k8 + binding * key
            + header * k2
            + entries[0] * k3
            + entries[1] * k4
            + entries[2] * k5
            + entries[3] * k6
    }

    /// The program passes the 252-bit binding as two plaintext halves.
    fn binding(low: u128, high: u128) -> BaseField25519 {
        BaseField25519::from_u128(low) + shifted(BaseField25519::from_u128(high), 128)
    }

    /// The record's header, unpacked, and its entries, and whether it carries the tag of the
    /// owner and account whose binding the program passed (as two halves).
    fn open_sealed(
        sealed: Sealed,
        binding_low: u128,
        binding_high: u128,
    ) -> (Header, [BaseField25519; 4], bool) {
        let (packed_header, entries, tag, pad) = sealed;
        let header = packed_header.unpack();
        let key = zero() - pad;
        let owner_and_account = binding(binding_low, binding_high);
        let expected = binding_tag(
            key,
            owner_and_account,
            header_element(&header, ALL),
            entries,
        );
        let bound = expected == tag;
        (header, entries, bound)
    }

    /// Re-encrypts for `recipient` the field sets in `fields` of a record bound to the owner
    /// and account the program names; withheld sets leave the cluster as zeros. A record that
    /// is not bound to them releases nothing: every element is zero and `bound` says why.
    /// The program reads `fields` and `bound` from the signed output.
    #[instruction]
    pub fn disclose_record(
        recipient: Shared,
        record: Enc<Shared, Sealed>,
        binding_low: u128,
        binding_high: u128,
        fields: u8,
    ) -> (Enc<Shared, Disclosed>, bool, u8) {
        let (header, entries, bound) = open_sealed(record.to_arcis(), binding_low, binding_high);
        let sets = [CONDITIONS, CONDITIONS, MEDICATIONS, MEDICATIONS];
        let mut disclosed = [zero(); 5];
        disclosed[0] = header_element(&header, fields);
        for i in 0..4 {
            if granted(fields, sets[i]) {
                disclosed[i + 1] = entries[i];
            }
        }
        let released = if bound { disclosed } else { [zero(); 5] };
        (recipient.from_arcis(released), bound.reveal(), fields)
    }

    /// Re-encrypts a bound record's header and entries for the patient's new key; the program
    /// stores them beside the tag the patient computed for the new key. An unbound record comes
    /// out as zeros and the program keeps the old one.
    #[instruction]
    pub fn reseal_record(
        new_owner: Shared,
        record: Enc<Shared, Sealed>,
        binding_low: u128,
        binding_high: u128,
    ) -> (Enc<Shared, Disclosed>, bool) {
        let (header, entries, bound) = open_sealed(record.to_arcis(), binding_low, binding_high);
        let resealed = [
            header_element(&header, ALL),
            entries[0],
            entries[1],
            entries[2],
            entries[3],
        ];
        let released = if bound { resealed } else { [zero(); 5] };
        (new_owner.from_arcis(released), bound.reveal())
    }

    /// Measurement baseline only: the shape of Arcium's published patient-data example
    /// (11 unpacked fields, whole-record re-encryption). Benchmarks compile it in the same build
    /// so the circuits above are compared against it; the program never queues it.
    pub struct BaselinePatientData {
        patient_id: u64,
        age: u8,
        gender: bool,
        blood_type: u8,
        weight: u16,
        height: u16,
        allergies: [bool; 5],
    }

    #[instruction]
    pub fn baseline_share(
        recipient: Shared,
        record: Enc<Shared, BaselinePatientData>,
    ) -> Enc<Shared, BaselinePatientData> {
        recipient.from_arcis(record.to_arcis())
    }
}
