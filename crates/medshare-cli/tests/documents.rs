//! Documents through the `medshare` binary: a patient adds one, a provider whose grant covers
//! documents fetches it, a laboratory adds results, the audit names what was disclosed, and a
//! withdrawn document is refused.

mod common;

use common::World;
use predicates::str::contains;

#[test]
fn a_patient_adds_a_document_a_provider_fetches_it_and_the_patient_withdraws_it() {
    let world = World::new();
    let patient = world.patient("patient");
    let doctor = world.provider("Dr. Ada Okafor");
    let report = world.path().join("discharge.pdf");
    let bytes: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 253) as u8).collect();
    std::fs::write(&report, &bytes).unwrap();

    let added = patient.output(&[
        "patient",
        "document",
        "add",
        report.to_str().unwrap(),
        "--category",
        "discharge-letter",
    ]);
    let document = added
        .lines()
        .find_map(|line| line.strip_prefix("added document "))
        .expect("the document's address")
        .trim()
        .to_string();
    let listed = patient.output(&["patient", "document", "list"]);
    assert!(
        listed.contains(&document) && listed.contains("DischargeLetter"),
        "{listed}"
    );

    let received = world.path().join("received.pdf");
    let out = received.to_str().unwrap();
    let fetch = ["provider", "document", "fetch", &document, "--out", out];
    let doctor_wallet = doctor.wallet();
    patient
        .run(&["patient", "grant", &doctor_wallet, "--fields", "conditions"])
        .success();
    doctor
        .run(&fetch)
        .code(3)
        .stderr(contains("does not cover these fields"));
    assert!(!received.exists());

    patient
        .run(&[
            "patient",
            "grant",
            &doctor_wallet,
            "--fields",
            "conditions,documents",
        ])
        .success();
    doctor.run(&fetch).success();
    assert_eq!(std::fs::read(&received).unwrap(), bytes);
    let audit = patient.output(&["audit", "disclosures", "--patient", &patient.wallet()]);
    assert!(
        audit.contains(&format!("document {document}, version 1")),
        "{audit}"
    );

    // A laboratory adds results under its grant; the patient sees who added them.
    let lab = world.provider("Lab");
    let results = world.path().join("results.csv");
    std::fs::write(&results, "hba1c,6.1\n").unwrap();
    let results = results.to_str().unwrap();
    let patient_wallet = patient.wallet();
    let lab_adds = [
        "provider",
        "document",
        "add",
        &patient_wallet,
        results,
        "--category",
        "lab-report",
    ];
    lab.run(&lab_adds).code(3).stderr(contains("exist"));
    patient
        .run(&["patient", "grant", &lab.wallet(), "--fields", "documents"])
        .success();
    lab.run(&lab_adds).success();
    let listed = patient.output(&["patient", "document", "list"]);
    assert!(listed.contains(&lab.wallet()), "{listed}");

    patient
        .run(&["patient", "document", "withdraw", &document])
        .success();
    std::fs::remove_file(&received).unwrap();
    doctor
        .run(&fetch)
        .code(3)
        .stderr(contains("withdrew this document"));
    assert!(!received.exists());
}
