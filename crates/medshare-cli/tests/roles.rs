//! The `medshare` binary through the whole story, as each role runs it.

mod common;

use common::{example_bundle, World};
use medshare_sdk::record::{fhir::summary_from_bundle, FieldSet};
use predicates::str::contains;
use serde_json::Value;

#[test]
fn patient_provider_and_compliance_officer_each_do_their_part() {
    let world = World::new();
    let patient = world.person("patient");
    let provider = world.person("cardiologist");
    let officer = world.stranger("officer");
    let bundle = example_bundle();

    patient
        .run(&["patient", "store", "--fhir", bundle.to_str().unwrap()])
        .success()
        .stdout(contains("(version 1)"));
    let shown = patient.output(&["patient", "show"]);
    assert!(
        shown.contains("E11.9") && shown.contains("penicillins"),
        "{shown}"
    );

    provider
        .run(&[
            "provider",
            "register",
            "--name",
            "Dr. Ada Okafor, Cardiology",
            "--identifier",
            "1234567893",
        ])
        .success();
    let provider_wallet = provider.wallet();
    let patient_wallet = patient.wallet();
    patient
        .run(&[
            "patient",
            "grant",
            &provider_wallet,
            "--fields",
            "vitals,conditions,medications",
            "--purpose",
            "treatment",
            "--expires-in",
            "30d",
        ])
        .success()
        .stdout(contains("Dr. Ada Okafor"));
    assert!(patient
        .output(&["patient", "grants"])
        .contains("active until"));

    let received = world.path().join("received.json");
    provider
        .run(&[
            "provider",
            "pull",
            &patient_wallet,
            "--format",
            "fhir",
            "--out",
            received.to_str().unwrap(),
        ])
        .success()
        .stderr(contains("vitals, conditions, medications"));
    let granted = FieldSet(FieldSet::VITALS.0 | FieldSet::CONDITIONS.0 | FieldSet::MEDICATIONS.0);
    let stored = summary_from_bundle(&std::fs::read_to_string(&bundle).unwrap()).unwrap();
    let delivered = summary_from_bundle(&std::fs::read_to_string(&received).unwrap()).unwrap();
    assert_eq!(delivered.summary, stored.summary.restricted_to(granted));

    let inbox = provider.output(&["provider", "inbox"]);
    assert!(
        inbox.contains("delivered") && inbox.contains(&patient_wallet),
        "{inbox}"
    );
    let offset = inbox.split_whitespace().next().unwrap().to_string();
    let again = provider.output(&["provider", "decrypt", &offset]);
    assert!(
        again.contains("withheld") && again.contains("E11.9"),
        "{again}"
    );

    patient
        .run(&["patient", "revoke", &provider_wallet])
        .success();
    provider
        .run(&["provider", "pull", &patient_wallet])
        .code(3)
        .stderr(contains("the grant was revoked"));

    // The compliance officer needs no keys to read the accounting.
    let json = officer.output(&[
        "audit",
        "disclosures",
        "--patient",
        &patient_wallet,
        "--format",
        "json",
    ]);
    let rows: Vec<Value> = serde_json::from_str(&json).expect("JSON rows");
    assert_eq!(rows.len(), 1, "{json}");
    assert_eq!(rows[0]["recipient"], provider_wallet.as_str());
    assert_eq!(rows[0]["fields"], "vitals conditions medications");
    assert_eq!(rows[0]["purpose"], "Treatment");
    assert_eq!(rows[0]["status"], "delivered");
    assert_eq!(rows[0]["disclosure"], offset.as_str());

    let csv = officer.output(&[
        "audit",
        "disclosures",
        "--provider",
        &provider_wallet,
        "--format",
        "csv",
    ]);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.starts_with("disclosure,receipt,queued_at"));
    let table = officer.output(&["audit", "disclosures"]);
    assert!(table.contains(&format!("disclosure {offset}")), "{table}");
    let future = officer.output(&["audit", "disclosures", "--since", "2999-01-01"]);
    assert_eq!(future.trim(), "no disclosures");
}

#[test]
fn rotated_keys_keep_the_record_readable_and_the_provider_reachable() {
    let world = World::new();
    let patient = world.patient("patient");
    let provider = world.provider("provider");
    patient
        .run(&["patient", "grant", &provider.wallet(), "--fields", "all"])
        .success();

    let old_key = patient.encryption_key();
    patient
        .run(&["patient", "rotate-key"])
        .success()
        .stdout(contains("version 2 is sealed under the new key"));
    assert_ne!(patient.encryption_key(), old_key);
    assert!(patient.output(&["patient", "show"]).contains("version 2"));

    let old_provider_key = provider.encryption_key();
    provider.run(&["provider", "rotate-key"]).success();
    assert_ne!(provider.encryption_key(), old_provider_key);
    let pulled = provider.output(&["provider", "pull", &patient.wallet()]);
    assert!(
        pulled.contains("E11.9") && !pulled.contains("withheld"),
        "{pulled}"
    );
}

#[test]
fn a_physician_on_the_break_glass_list_pulls_emergency_fields_without_a_grant() {
    let world = World::new();
    let patient = world.patient("patient");
    let physician = world.provider("physician");
    let other = world.provider("other");
    let officer = world.person("officer");
    let patient_wallet = patient.wallet();
    let emergency = |who: &common::Person| {
        who.run(&[
            "provider",
            "emergency",
            &patient_wallet,
            "--justification",
            "patient-unresponsive",
        ])
    };
    emergency(&physician)
        .code(4)
        .stderr(contains("not configured"));

    officer
        .run(&[
            "admin",
            "access",
            "--emergency-providers",
            &physician.wallet(),
        ])
        .success()
        .stdout(contains(physician.wallet()));
    let pulled =
        String::from_utf8(emergency(&physician).success().get_output().stdout.clone()).unwrap();
    assert!(
        pulled.contains("A negative") && pulled.contains("E11.9"),
        "{pulled}"
    );
    assert!(
        pulled.contains("demographics withheld") && pulled.contains("vitals       withheld"),
        "{pulled}"
    );
    emergency(&other)
        .code(3)
        .stderr(contains("not on the break-glass list"));
    // Only the configuration's authority changes the list.
    other
        .run(&["admin", "access", "--emergency-providers", &other.wallet()])
        .code(3)
        .stderr(contains("Only the access configuration's authority"));

    let json = officer.output(&["audit", "disclosures", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.len(), 1, "{json}");
    assert_eq!(rows[0]["basis"], "emergency PatientUnresponsive");
    assert_eq!(rows[0]["purpose"], "Emergency");
    assert_eq!(
        rows[0]["fields"],
        "blood-type allergies conditions medications"
    );
}

#[test]
fn a_patient_deletes_their_record_and_a_provider_retires_with_the_receipts_kept() {
    let world = World::new();
    let patient = world.patient("patient");
    let provider = world.provider("provider");
    patient
        .run(&["patient", "grant", &provider.wallet(), "--fields", "all"])
        .success();
    provider
        .run(&["provider", "pull", &patient.wallet()])
        .success();

    patient
        .run(&["patient", "close-grant", &provider.wallet()])
        .failure()
        .stderr(contains("revoked or expired"));
    patient
        .run(&["patient", "close"])
        .failure()
        .stderr(contains("--yes"));
    patient
        .run(&["patient", "close", "--yes"])
        .success()
        .stdout(contains("and 1 grant(s)"));
    patient.run(&["patient", "show"]).failure();
    let audit =
        world
            .stranger("officer")
            .output(&["audit", "disclosures", "--patient", &patient.wallet()]);
    assert!(audit.contains("delivered"), "{audit}");

    provider.run(&["provider", "retire"]).success();
    patient.run(&["patient", "store", "--example"]).success();
    patient
        .run(&["patient", "grant", &provider.wallet(), "--fields", "all"])
        .failure();
}

#[test]
fn a_trial_site_asks_within_its_allowance_and_the_patient_sees_every_question() {
    let world = World::new();
    let patient = world.person("patient");
    let site = world.person("trial-site");
    patient.run(&["patient", "store", "--example"]).success();
    site.run(&[
        "provider",
        "register",
        "--name",
        "Riverside Trial Site",
        "--identifier",
        "1234567893",
    ])
    .success();
    let (patient_wallet, site_wallet) = (patient.wallet(), site.wallet());
    patient
        .run(&[
            "patient",
            "allow-questions",
            &site_wallet,
            "--terms",
            "conditions,allergies,age",
            "--questions",
            "2",
        ])
        .success()
        .stdout(contains(
            "may ask 2 question(s) about conditions, allergies, age",
        ));

    let asked = [
        "provider",
        "ask",
        &patient_wallet,
        "--diagnosis",
        "E11",
        "--age",
        "18-65",
        "--on",
        "2026-12-06",
    ];
    site.run(&asked)
        .success()
        .stdout(contains("answer"))
        .stdout(contains(": yes"))
        .stderr(contains(
            "a diagnosis under E11 and born 1960-12-07 to 2008-12-06",
        ));
    site.run(&[
        "provider",
        "ask",
        &patient_wallet,
        "--diagnosis",
        "E11",
        "--not-allergic-to",
        "penicillins",
    ])
    .success()
    .stdout(contains(": no"))
    .stderr(contains("0 question(s) left"));
    site.run(&asked)
        .failure()
        .stderr(contains("no questions left"));
    // Sex was not granted; the record itself never was.
    site.run(&["provider", "ask", &patient_wallet, "--sex", "female"])
        .failure();
    site.run(&["provider", "pull", &patient_wallet]).failure();

    let listed = patient.output(&["patient", "questions"]);
    assert!(
        listed.contains(&site_wallet)
            && listed.contains("a diagnosis under E11 and no allergy to penicillins")
            && listed.matches("delivered").count() == 2,
        "{listed}"
    );

    // The patient answers another verifier's question directly, and the verifier opens it.
    let pharmacy = world.person("pharmacy");
    pharmacy
        .run(&[
            "provider",
            "register",
            "--name",
            "Main St Pharmacy",
            "--identifier",
            "1234567893",
        ])
        .success();
    let answered = patient.output(&[
        "patient",
        "answer",
        &pharmacy.wallet(),
        "--taking",
        "860975",
    ]);
    let offset = answered
        .split_whitespace()
        .nth(1)
        .expect("answer <offset> ...")
        .to_string();
    pharmacy
        .run(&["provider", "answer", &offset])
        .success()
        .stdout(contains(": yes"))
        .stderr(contains("taking RxNorm 860975"));
}
