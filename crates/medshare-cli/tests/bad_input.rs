//! Every way a person can get it wrong: a clear sentence on stderr, the documented exit code,
//! and nothing changed on chain.

mod common;

use common::World;
use predicates::str::contains;

#[test]
fn malformed_fhir_names_the_resource_and_stores_nothing() {
    let world = World::new();
    let patient = world.person("patient");
    let encounter = world.path().join("encounter.json");
    std::fs::write(
        &encounter,
        r#"{"resourceType":"Bundle","type":"collection","entry":[
            {"resource":{"resourceType":"Patient","id":"p","birthDate":"1970-01-01"}},
            {"resource":{"resourceType":"Encounter","id":"visit-1","status":"finished"}}]}"#,
    )
    .unwrap();
    patient
        .run(&["patient", "store", "--fhir", encounter.to_str().unwrap()])
        .code(7)
        .stderr(contains("Encounter"));
    let not_json = world.path().join("notes.txt");
    std::fs::write(&not_json, "allergic to penicillin").unwrap();
    patient
        .run(&["patient", "store", "--fhir", not_json.to_str().unwrap()])
        .code(7);
    patient
        .run(&["patient", "store", "--fhir", "/nonexistent/bundle.json"])
        .code(7)
        .stderr(contains("cannot read"));
    patient
        .run(&["patient", "show"])
        .code(4)
        .stderr(contains("does not exist"));
}

#[test]
fn a_wrong_or_missing_passphrase_unlocks_nothing() {
    let world = World::new();
    let patient = world.person("patient");
    patient
        .medshare()
        .env("MEDSHARE_PASSPHRASE", "wrong")
        .args(["patient", "store", "--example"])
        .assert()
        .code(6)
        .stderr(contains("wrong passphrase"));
    patient
        .medshare()
        .env_remove("MEDSHARE_PASSPHRASE")
        .args(["patient", "store", "--example"])
        .assert()
        .code(6)
        .stderr(contains("no passphrase"));
    patient.run(&["patient", "show"]).code(4);
    patient
        .run(&["keys", "new"])
        .code(6)
        .stderr(contains("already exists"));
}

#[test]
fn missing_keys_say_how_to_make_them() {
    let world = World::new();
    let stranger = world.stranger("stranger");
    stranger
        .run(&["keys", "show"])
        .code(6)
        .stderr(contains("medshare keys new"));
    stranger
        .run(&["patient", "store", "--example"])
        .code(6)
        .stderr(contains("no wallet"));
}

#[test]
fn consent_that_does_not_hold_is_refused_in_words() {
    let world = World::new();
    let patient = world.patient("patient");
    let provider = world.provider("provider");
    let unregistered = world.person("unregistered");
    let patient_wallet = patient.wallet();
    let provider_wallet = provider.wallet();

    patient
        .run(&[
            "patient",
            "grant",
            &unregistered.wallet(),
            "--fields",
            "all",
        ])
        .code(4)
        .stderr(contains("no provider is registered"));
    patient
        .run(&["patient", "grant", &provider_wallet, "--fields", "x-rays"])
        .code(2)
        .stderr(contains("unknown field set"));
    provider
        .run(&["provider", "pull", &patient_wallet])
        .code(3)
        .stderr(contains("has given you no grant"));
    unregistered
        .run(&["provider", "pull", &patient_wallet])
        .code(4)
        .stderr(contains("you are not registered"));

    // The program itself refuses an expiry that is not in the future.
    patient
        .run(&[
            "patient",
            "grant",
            &provider_wallet,
            "--fields",
            "all",
            "--expires-in",
            "0s",
        ])
        .code(3)
        .stderr(contains("The expiry must be later than now"));

    patient
        .run(&[
            "patient",
            "grant",
            &provider_wallet,
            "--fields",
            "all",
            "--expires-in",
            "2s",
        ])
        .success();
    std::thread::sleep(std::time::Duration::from_secs(3));
    provider
        .run(&["provider", "pull", &patient_wallet])
        .code(3)
        .stderr(contains("the grant expired"));
    assert!(provider
        .output(&["provider", "inbox"])
        .contains("no disclosures"));
    patient
        .run(&[
            "patient",
            "narrow",
            &provider_wallet,
            "--fields",
            "all",
            "--expires-in",
            "30d",
        ])
        .code(3)
        .stderr(contains("The grant has expired"));
}

#[test]
fn a_second_record_or_a_wallet_without_sol_is_refused() {
    let world = World::new();
    let patient = world.person("patient");
    patient.run(&["patient", "store", "--example"]).success();
    patient
        .run(&["patient", "store", "--example"])
        .code(3)
        .stderr(contains("patient update"));
    let broke = world.stranger("broke");
    broke.run(&["keys", "new"]).success();
    broke
        .run(&["patient", "store", "--example"])
        .code(3)
        .stderr(contains("no SOL"));
}

#[test]
fn a_deployment_pinned_to_another_mxe_key_encrypts_nothing() {
    let world = World::new();
    let patient = world.person("patient");
    let elsewhere = "11".repeat(32);
    patient
        .run(&["--mxe-key", &elsewhere, "patient", "store", "--example"])
        .code(3)
        .stderr(contains("not the one this deployment pinned"));
    patient
        .run(&["--mxe-key", "abc", "patient", "store", "--example"])
        .code(2);
    // Nothing was stored: the first store without the pin is not an update.
    patient.run(&["patient", "store", "--example"]).success();
}

#[test]
fn an_unknown_or_unreachable_chain_is_named() {
    let world = World::new();
    let patient = world.person("patient");
    patient
        .run(&["--url", "moon", "patient", "show"])
        .code(1)
        .stderr(contains("is neither `embedded`"));
    // Port 9 (discard) on loopback: nothing answers JSON-RPC there.
    patient
        .run(&["--url", "http://127.0.0.1:9", "patient", "show"])
        .code(1)
        .stderr(contains("cannot reach the chain"));
}

#[test]
fn every_command_explains_itself_with_an_example() {
    let commands: &[&[&str]] = &[
        &["keys", "new"],
        &["keys", "show"],
        &["patient", "store"],
        &["patient", "update"],
        &["patient", "show"],
        &["patient", "grant"],
        &["patient", "narrow"],
        &["patient", "revoke"],
        &["patient", "grants"],
        &["patient", "close-grant"],
        &["patient", "close"],
        &["patient", "rotate-key"],
        &["provider", "register"],
        &["provider", "rotate-key"],
        &["provider", "pull"],
        &["provider", "inbox"],
        &["provider", "emergency"],
        &["provider", "retire"],
        &["admin", "access"],
        &["admin", "propose"],
        &["admin", "accept"],
        &["provider", "decrypt"],
        &["audit", "disclosures"],
        &["airdrop"],
        &["demo"],
    ];
    let world = World::new();
    let someone = world.stranger("someone");
    for command in commands {
        let mut args = command.to_vec();
        args.push("--help");
        someone
            .run(&args)
            .success()
            .stdout(contains("Example: medshare"));
    }
    someone
        .run(&["--help"])
        .success()
        .stdout(contains("Exit codes"));
}
