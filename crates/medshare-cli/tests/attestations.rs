//! Attestations through the `medshare` binary: the authority accredits a physician, who attests
//! a diagnosis; the patient lists and sends it; a cardiologist verifies it, and no longer can
//! once it is revoked.

mod common;

use common::World;
use predicates::str::contains;

#[test]
fn an_accredited_physician_attests_and_a_cardiologist_verifies() {
    let world = World::new();
    let board = world.person("board");
    board.run(&["admin", "access"]).success();
    let patient = world.patient("patient");
    let physician = world.provider("physician");
    let cardiologist = world.provider("cardiologist");
    for provider in [&physician, &cardiologist] {
        patient
            .run(&[
                "patient",
                "grant",
                &provider.wallet(),
                "--fields",
                "conditions",
            ])
            .success();
    }
    let patient_wallet = patient.wallet();
    let attest = [
        "provider",
        "attest",
        &patient_wallet,
        "--diagnosis",
        "E11.9",
        "--treated",
        "2026-11-02",
    ];
    physician
        .run(&attest)
        .code(3)
        .stderr(contains("is not accredited"));
    board
        .run(&["admin", "accredit", &physician.wallet()])
        .success();
    let attested = physician.output(&attest);
    let attestation = attested
        .lines()
        .find_map(|line| line.strip_prefix("attestation "))
        .expect("the attestation's address")
        .trim()
        .to_string();
    let listed = patient.output(&["patient", "attestations"]);
    assert!(listed.contains(&attestation), "{listed}");

    let about = ["--patient", patient_wallet.as_str()];
    let verified =
        cardiologist.output(&[&["provider", "verify", &attestation][..], &about].concat());
    assert!(verified.contains("diagnosis    E11.9"), "{verified}");
    assert_eq!(verified.matches("   ok ").count(), 7, "{verified}");

    let sent = patient.output(&[
        "patient",
        "send-attestation",
        &attestation,
        "--to",
        &cardiologist.wallet(),
    ]);
    let disclosure = sent
        .strip_prefix("disclosure ")
        .and_then(|rest| rest.split(':').next())
        .expect("the disclosure's number")
        .to_string();
    cardiologist
        .run(
            &[
                &["provider", "verify", "--disclosure", &disclosure][..],
                &about,
            ]
            .concat(),
        )
        .success();
    // Without saying whom it must be about, nothing is verified.
    cardiologist
        .run(&["provider", "verify", "--disclosure", &disclosure])
        .code(2)
        .stderr(contains("--patient"));
    // Expecting it to be about someone else names the check that fails.
    cardiologist
        .run(&[
            "provider",
            "verify",
            "--disclosure",
            &disclosure,
            "--patient",
            &cardiologist.wallet(),
        ])
        .code(3)
        .stderr(contains("check failed: names the patient"));

    physician
        .run(&["provider", "revoke-attestation", &attestation])
        .success();
    cardiologist
        .run(&[&["provider", "verify", &attestation][..], &about].concat())
        .code(3)
        .stderr(contains("revoked this attestation"));
    let audit = patient.output(&["audit", "disclosures", "--patient", &patient_wallet]);
    assert!(
        audit.contains(&format!("attestation {attestation}")),
        "{audit}"
    );
}
