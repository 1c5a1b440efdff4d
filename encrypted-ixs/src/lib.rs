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

    // ---- Sealed pairs: a document's file key, an attestation's body ----

    /// Two 128-bit values sealed on chain (a document's file key, docs/documents.md; an
    /// attestation's body and salt, docs/attestations.md), three unused positions, the binding
    /// tag and the zero pad (which decrypts to minus the tag's key). The tag and its key sit
    /// where a record's do, at keystream elements 5 and 6: element 6 is never encrypted under
    /// any key, so a record's key and nonce copied into a pair give no one the pair's tag key.
    /// The program passes zeros for the unused positions and the circuit ignores them.
    type SealedPair = (
        [BaseField25519; 2],
        [BaseField25519; 3],
        BaseField25519,
        BaseField25519,
    );

    /// The binding tag over a pair: t = k^5 + b k + x0 k^2 + x1 k^3, the record's construction
    /// for two elements (`medshare_crypto::sealed`). The program's binding names the kind of
    /// account, so a pair sealed for one kind fails as the other.
    fn pair_tag(
        key: BaseField25519,
        binding: BaseField25519,
        pair: [BaseField25519; 2],
    ) -> BaseField25519 {
        let k2 = key * key;
        let k3 = k2 * key;
        let k5 = k3 * k2;
        k5 + binding * key + pair[0] * k2 + pair[1] * k3
    }

    /// Re-encrypts a sealed pair for `recipient` if it is bound to the owner and account the
    /// program names; otherwise releases zeros, and `bound` says why.
    #[instruction]
    pub fn disclose_sealed_pair(
        recipient: Shared,
        sealed: Enc<Shared, SealedPair>,
        binding_low: u128,
        binding_high: u128,
    ) -> (Enc<Shared, [BaseField25519; 2]>, bool) {
        let (pair, _unused, tag, pad) = sealed.to_arcis();
        let key = zero() - pad;
        let bound = pair_tag(key, binding(binding_low, binding_high), pair) == tag;
        let released = if bound { pair } else { [zero(); 2] };
        (recipient.from_arcis(released), bound.reveal())
    }

    // ---- Queries over a record, shared by studies and eligibility answers ----

    /// Sexes a record encodes: 0 unknown, 1 male, 2 female, 3 other.
    const SEXES: usize = 4;

    /// The eight 32-bit codes of a packed entry list (`Pack<[(u32, u16); 8]>`): six codes at
    /// bits 0, 32, ..., 160 of the first element, two at 0 and 32 of the second.
    fn entry_codes(first: BaseField25519, second: BaseField25519) -> [u32; 8] {
        let low = first.to_le_bytes();
        let high = second.to_le_bytes();
        let mut codes = [0u32; 8];
        for i in 0..8 {
            let (bytes, at) = if i < 6 {
                (low, 4 * i)
            } else {
                (high, 4 * (i - 6))
            };
            codes[i] = (bytes[at] as u32)
                + ((bytes[at + 1] as u32) << 8)
                + ((bytes[at + 2] as u32) << 16)
                + ((bytes[at + 3] as u32) << 24);
        }
        codes
    }

    /// How many of `codes` begin with the characters `prefix` encodes, `modulus` = 37^n for n
    /// characters (prefix 0, modulus 1: all eight). A sum of comparisons made side by side.
    fn with_prefix(codes: [u32; 8], prefix: u32, modulus: u32) -> BaseField25519 {
        let mut count = zero();
        for i in 0..8 {
            count = count + BaseField25519::from_bool(codes[i] % modulus == prefix);
        }
        count
    }

    /// How many of `codes` are `code`.
    fn equal_to(codes: [u32; 8], code: u32) -> BaseField25519 {
        let mut count = zero();
        for i in 0..8 {
            count = count + BaseField25519::from_bool(codes[i] == code);
        }
        count
    }

    /// Whether `sex` is among the sexes of the mask `sexes` (bit s: sex s).
    fn sex_among(sex: u8, sexes: u8) -> bool {
        let mut among = false;
        for s in 0..SEXES {
            among = among || (sex as usize == s && (sexes >> s) & 1 == 1);
        }
        among
    }

    // ---- Research studies (docs/studies.md) ----
    //
    // A study's tally is 44 counters of 24 bits, eight to a field element, so that adding a
    // contribution is field addition. The MXE keeps it as `Enc<Mxe, Tally>`, every output under
    // a fresh nonce from `Mxe::get()`, never under a nonce derived from an input's.

    /// The counters, in the order `docs/studies.md` lists them.
    type Tally = [BaseField25519; 6];
    const COUNTERS: usize = 44;
    const COUNTER_BITS: usize = 24;
    const COUNTERS_PER_ELEMENT: usize = 8;
    const PARTICIPANTS: usize = 0;
    const MATCHED: usize = 1;
    const BY_SEX: usize = 2;
    const BY_AGE: usize = 6;
    const AGE_BANDS: usize = 6;
    const WITH_MEDICATION: usize = 12;
    const WITH_CATEGORY: usize = 16;
    const WATCHED: usize = 4;
    const WITH_ALLERGY: usize = 20;
    /// Bits of each of the two geometric draws whose difference is a cell's noise.
    const NOISE_BITS: usize = 16;
    /// What a suppressed cell reveals.
    const SUPPRESSED: u32 = 4294967295;

    /// What a study asks, as the program stores it (`StudyCriteria`) and passes by reference.
    /// Days count from 1900-01-01, as in the record.
    pub struct Criteria {
        /// A record matches when one of its codes has `prefix` as its first n characters,
        /// `modulus` = 37^n (n = 0: prefix 0, modulus 1, any record matches).
        prefix: u32,
        modulus: u32,
        /// Bit s set: sex s matches (0 unknown, 1 male, 2 female, 3 other).
        sexes: u8,
        /// Birth days that match, inclusive; an unknown birth day is 0.
        born_from: u16,
        born_until: u16,
        /// Age bands among the matched: unknown birth day, then born before `cutoffs[0]`, ...,
        /// from `cutoffs[3]` on.
        cutoffs: [u16; 4],
        /// RxNorm concepts and 3-character ICD-10 categories counted among the matched.
        medications: [u32; 4],
        categories: [u32; 4],
    }

    fn counter_weight(counter: usize) -> BaseField25519 {
        BaseField25519::power_of_two(COUNTER_BITS * (counter % COUNTERS_PER_ELEMENT))
    }

    fn count(tally: &mut Tally, counter: usize, bit: bool) {
        let element = counter / COUNTERS_PER_ELEMENT;
        tally[element] = tally[element] + BaseField25519::from_bool(bit) * counter_weight(counter);
    }

    /// A code's ICD-10 category (its first three characters, base 37's three low digits).
    fn category(code: u32) -> u32 {
        code % 50653
    }

    /// Which counters one record adds: none unless it is bound to its owner and account.
    fn contribution(
        header: &Header,
        entries: [BaseField25519; 4],
        bound: bool,
        criteria: &Criteria,
    ) -> Tally {
        let conditions = entry_codes(entries[0], entries[1]);
        let medications = entry_codes(entries[2], entries[3]);
        let diagnosed = with_prefix(conditions, criteria.prefix, criteria.modulus) != zero();
        let mut in_category = [false; WATCHED];
        for i in 0..8 {
            let code_category = category(conditions[i]);
            for c in 0..WATCHED {
                in_category[c] = in_category[c]
                    || (criteria.categories[c] != 0 && code_category == criteria.categories[c]);
            }
        }
        let sex_matches = sex_among(header.sex, criteria.sexes);
        let born = header.birth_day;
        let matched = bound
            && diagnosed
            && sex_matches
            && born >= criteria.born_from
            && born <= criteria.born_until;

        let mut tally = [zero(); 6];
        count(&mut tally, PARTICIPANTS, bound);
        count(&mut tally, MATCHED, matched);
        for s in 0..SEXES {
            count(&mut tally, BY_SEX + s, matched && header.sex as usize == s);
        }
        let known = born != 0;
        let mut band = [false; AGE_BANDS];
        band[0] = !known;
        band[1] = known && born < criteria.cutoffs[0];
        for b in 1..4 {
            band[b + 1] = born >= criteria.cutoffs[b - 1] && born < criteria.cutoffs[b];
        }
        band[5] = born >= criteria.cutoffs[3];
        for b in 0..AGE_BANDS {
            count(&mut tally, BY_AGE + b, matched && band[b]);
        }
        for m in 0..WATCHED {
            let taking = equal_to(medications, criteria.medications[m]) != zero();
            count(
                &mut tally,
                WITH_MEDICATION + m,
                matched && criteria.medications[m] != 0 && taking,
            );
        }
        for c in 0..WATCHED {
            count(&mut tally, WITH_CATEGORY + c, matched && in_category[c]);
        }
        for a in 0..24 {
            count(&mut tally, WITH_ALLERGY + a, matched && header.allergies[a]);
        }
        tally
    }

    fn current(tally: Enc<Mxe, Tally>, fresh: bool) -> Tally {
        let held = tally.to_arcis();
        if fresh {
            [zero(); 6]
        } else {
            held
        }
    }

    /// Adds a record's contribution to a shard of a study's tally (`fresh`: the shard has none
    /// yet, and its bytes are zeros, not a ciphertext). Every record adds a participant when
    /// bound, matched or not, so the output does not say whether it matched. Returns the new
    /// tally and whether the record was bound. The program keeps the tallies before and after,
    /// whose difference is the contribution a leave takes back out.
    #[instruction]
    pub fn join_study(
        record: Enc<Shared, Sealed>,
        binding_low: u128,
        binding_high: u128,
        criteria: Criteria,
        tally: Enc<Mxe, Tally>,
        fresh: bool,
    ) -> (Enc<Mxe, Tally>, bool) {
        let (header, entries, bound) = open_sealed(record.to_arcis(), binding_low, binding_high);
        let added = contribution(&header, entries, bound, &criteria);
        let mut sum = current(tally, fresh);
        for i in 0..6 {
            sum[i] = sum[i] + added[i];
        }
        (Mxe::get().from_arcis(sum), bound.reveal())
    }

    /// Takes a contribution back out of the shard it was added to: the shard's tally less the
    /// difference between the tallies just after and just before the join (`before_fresh`: the
    /// shard had none before it). One update at a time per shard makes that difference exactly
    /// the record's contribution.
    #[instruction]
    pub fn leave_study(
        tally: Enc<Mxe, Tally>,
        before: Enc<Mxe, Tally>,
        before_fresh: bool,
        after: Enc<Mxe, Tally>,
    ) -> Enc<Mxe, Tally> {
        let mut sum = tally.to_arcis();
        let before = current(before, before_fresh);
        let after = after.to_arcis();
        for i in 0..6 {
            sum[i] = sum[i] - (after[i] - before[i]);
        }
        Mxe::get().from_arcis(sum)
    }

    /// The counters of a tally (each below 2^24, the program caps the participants).
    fn counters(tally: Tally) -> [u32; COUNTERS] {
        let mut counters = [0u32; COUNTERS];
        for e in 0..6 {
            let bytes = tally[e].to_le_bytes();
            for j in 0..COUNTERS_PER_ELEMENT {
                let counter = e * COUNTERS_PER_ELEMENT + j;
                if counter < COUNTERS {
                    counters[counter] = (bytes[3 * j] as u32)
                        + ((bytes[3 * j + 1] as u32) << 8)
                        + ((bytes[3 * j + 2] as u32) << 16);
                }
            }
        }
        counters
    }

    /// A geometric draw: bit i is set with probability `thresholds[i] / 2^32`
    /// (q^(2^i) / (1 + q^(2^i)) for a geometric of ratio q, whose bits are independent).
    fn geometric(thresholds: [u32; NOISE_BITS]) -> i64 {
        let mut value = 0i64;
        for i in 0..NOISE_BITS {
            let draw = ArcisRNG::gen_integer_from_width(32) as u32;
            if draw < thresholds[i] {
                value = value + (1i64 << i);
            }
        }
        value
    }

    /// A partition (cells `first..first + cells`, summing to matched) is withheld whole as soon
    /// as one of its cells is below k: then no cell, nor any sum of some of them, follows.
    fn withhold_partition(
        below_k: &[bool; COUNTERS],
        withheld: &mut [bool; COUNTERS],
        first: usize,
        cells: usize,
    ) {
        let mut any_below_k = false;
        for c in first..first + cells {
            any_below_k = any_below_k || below_k[c];
        }
        for c in first..first + cells {
            withheld[c] = any_below_k;
        }
    }

    /// Reveals a study's counters: the sum of its four shards (`fresh`: never written), each
    /// cell but the participants plus discrete Laplace noise (the difference of two geometric
    /// draws; all thresholds 0 for none) and clamped at 0, under the disclosure rule of
    /// `docs/studies.md`, which reads noisy values and public facts only. A structural zero
    /// (bit c of `structural`: no record can add to cell c under the criteria) is published as
    /// 0. Matched is published when it and the participants less it are both at least `k`, and
    /// every other cell only when matched is. The sex and age partitions are published whole or
    /// withheld whole; a yes-or-no cell needs itself and matched less it at least `k`. The
    /// participants count is exact: the program checks it against the contributions it counted.
    #[instruction]
    pub fn reveal_study(
        shard0: Enc<Mxe, Tally>,
        shard1: Enc<Mxe, Tally>,
        shard2: Enc<Mxe, Tally>,
        shard3: Enc<Mxe, Tally>,
        fresh: [bool; 4],
        k: u32,
        structural: u64,
        thresholds: [u32; NOISE_BITS],
    ) -> [u32; COUNTERS] {
        let shards = [
            current(shard0, fresh[0]),
            current(shard1, fresh[1]),
            current(shard2, fresh[2]),
            current(shard3, fresh[3]),
        ];
        let mut sum = [zero(); 6];
        for s in 0..4 {
            for i in 0..6 {
                sum[i] = sum[i] + shards[s][i];
            }
        }
        let exact = counters(sum);
        let mut zero_by_criteria = [false; COUNTERS];
        let mut values = [0i64; COUNTERS];
        for c in 0..COUNTERS {
            zero_by_criteria[c] = (structural >> c) & 1 == 1;
            let noise = geometric(thresholds) - geometric(thresholds);
            let noisy = exact[c] as i64 + if c == PARTICIPANTS { 0 } else { noise };
            values[c] = if zero_by_criteria[c] || noisy < 0 {
                0
            } else {
                noisy
            };
        }
        let k = k as i64;
        let mut below_k = [false; COUNTERS];
        for c in 0..COUNTERS {
            below_k[c] = !zero_by_criteria[c] && values[c] < k;
        }
        let matched = values[MATCHED];
        let matched_withheld = below_k[MATCHED] || values[PARTICIPANTS] - matched < k;
        let mut withheld = [false; COUNTERS];
        withheld[MATCHED] = matched_withheld;
        withhold_partition(&below_k, &mut withheld, BY_SEX, SEXES);
        withhold_partition(&below_k, &mut withheld, BY_AGE, AGE_BANDS);
        for c in WITH_MEDICATION..COUNTERS {
            withheld[c] = below_k[c] || matched - values[c] < k;
        }
        let mut revealed = [0u32; COUNTERS];
        for c in 0..COUNTERS {
            let hidden = (withheld[c] || (c > MATCHED && matched_withheld)) && !zero_by_criteria[c];
            revealed[c] = if hidden { SUPPRESSED } else { values[c] as u32 };
        }
        revealed.reveal()
    }

    // ---- Eligibility answers (docs/eligibility.md) ----

    /// A question about one record: every term must hold (AND). The program checks it and
    /// passes it in plaintext (`share_medical_records::state::Question`, the same fields in
    /// the same order). A term's rule is 0 when the question does not ask it, 1 when the code
    /// must be present, 2 when it must be absent; an unused condition term is prefix 0,
    /// modulus 1, so that no remainder is ever taken by zero.
    pub struct Question {
        /// ICD-10 prefixes, base 37, `modulus` = 37^n for n characters, as a study's.
        condition_prefixes: [u32; 2],
        condition_moduli: [u32; 2],
        condition_rules: [u8; 2],
        /// RxNorm concepts.
        medications: [u32; 2],
        medication_rules: [u8; 2],
        /// Allergen classes (bit i: flag i of the record) that must be flagged, and that must
        /// not be.
        allergies_present: u32,
        allergies_absent: u32,
        /// Bit s: sex s matches; 0 asks nothing of sex.
        sexes: u8,
        /// Birth days that match, inclusive; `born_until` 0 asks nothing of age. An unknown
        /// birth day (0) is outside every asked range.
        born_from: u16,
        born_until: u16,
    }

    /// 1 where a term of rule `rule` fails for a record holding `count` codes of the term,
    /// else 0. The rule is plaintext, so this costs one comparison.
    fn term_fails(rule: u8, count: BaseField25519) -> BaseField25519 {
        let present = count != zero();
        let required = BaseField25519::from_bool(rule == 1);
        let excluded = BaseField25519::from_bool(rule == 2);
        let absent = BaseField25519::from_bool(!present);
        required * absent + excluded * (BaseField25519::from_u8(1) - absent)
    }

    /// How many terms of `question` the record fails (0: it satisfies the question). The
    /// failures are summed rather than chained with AND, so the terms are checked side by
    /// side: the depth is one term's, not the sum of all of them.
    fn failures(
        header: &Header,
        entries: [BaseField25519; 4],
        question: &Question,
    ) -> BaseField25519 {
        let conditions = entry_codes(entries[0], entries[1]);
        let medications = entry_codes(entries[2], entries[3]);
        let mut failed = zero();
        for t in 0..2 {
            let diagnosed = with_prefix(
                conditions,
                question.condition_prefixes[t],
                question.condition_moduli[t],
            );
            let taking = equal_to(medications, question.medications[t]);
            failed = failed
                + term_fails(question.condition_rules[t], diagnosed)
                + term_fails(question.medication_rules[t], taking);
        }
        for a in 0..24 {
            let flagged = BaseField25519::from_bool(header.allergies[a]);
            let required = BaseField25519::from_bool((question.allergies_present >> a) & 1 == 1);
            let excluded = BaseField25519::from_bool((question.allergies_absent >> a) & 1 == 1);
            failed =
                failed + required * (BaseField25519::from_u8(1) - flagged) + excluded * flagged;
        }
        let asks_sex = BaseField25519::from_bool(question.sexes != 0);
        let sex_fails = BaseField25519::from_bool(!sex_among(header.sex, question.sexes));
        let born = header.birth_day;
        let asks_age = BaseField25519::from_bool(question.born_until != 0);
        let age_fails = BaseField25519::from_bool(born == 0)
            + BaseField25519::from_bool(born < question.born_from)
            + BaseField25519::from_bool(born > question.born_until);
        failed + asks_sex * sex_fails + asks_age * age_fails
    }

    /// Answers `question` about a record bound to the owner and account the program names:
    /// 1 or 0, encrypted for `recipient` beside `question_tag` (128 bits of the question's
    /// hash), so the recipient sees which question the answer is to. Nothing else about the
    /// record leaves the cluster. A record that is not bound answers 0, and `bound` (public)
    /// says why; the program then delivers nothing. The tag also comes back in plaintext for
    /// the program to check against the receipt.
    #[instruction]
    pub fn answer_question(
        recipient: Shared,
        record: Enc<Shared, Sealed>,
        binding_low: u128,
        binding_high: u128,
        question: Question,
        question_tag: u128,
    ) -> (Enc<Shared, [u128; 2]>, bool, u128) {
        let (header, entries, bound) = open_sealed(record.to_arcis(), binding_low, binding_high);
        let yes = bound && failures(&header, entries, &question) == zero();
        let answer = [if yes { 1u128 } else { 0u128 }, question_tag];
        (recipient.from_arcis(answer), bound.reveal(), question_tag)
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
