//! A study through the `medshare` binary: a researcher registers it, the ethics board approves
//! it, patients join under the protocol they read, one leaves, and the reveal withholds what
//! too few records stand behind.

mod common;

use common::World;
use predicates::str::contains;

#[test]
fn a_researcher_a_board_and_patients_each_do_their_part() {
    let world = World::new();
    let board = world.person("board");
    board.run(&["admin", "access"]).success();
    let researcher = world.person("researcher");
    let protocol = world.path().join("protocol.txt");
    std::fs::write(&protocol, "Protocol: asthma (J45) among adults").unwrap();
    let protocol = protocol.to_str().unwrap();

    let created = researcher.output(&[
        "research",
        "study",
        "create",
        "--protocol",
        protocol,
        "--diagnosis",
        "J45",
        "--ages",
        "18-110",
        "--k",
        "2",
        "--no-noise",
        "--medications",
        "860975",
        "--categories",
        "I10",
    ]);
    assert!(created.contains("status          proposed"), "{created}");
    let study = created
        .lines()
        .find_map(|line| line.strip_prefix("study "))
        .and_then(|line| line.split_whitespace().next())
        .expect("the study's address")
        .to_string();

    let first = world.patient("first");
    first
        .run(&["patient", "join", &study, "--protocol", protocol])
        .code(3)
        .stderr(contains("not enrolling"));
    researcher
        .run(&["research", "study", "approve", &study])
        .code(3)
        .stderr(contains("access configuration's authority"));
    board
        .run(&["research", "study", "approve", &study])
        .success();

    let wrong = world.path().join("other.txt");
    std::fs::write(&wrong, "another protocol").unwrap();
    first
        .run(&[
            "patient",
            "join",
            &study,
            "--protocol",
            wrong.to_str().unwrap(),
        ])
        .code(3)
        .stderr(contains("protocol hash differs"));
    let mut members = vec![first];
    members.push(world.patient("second"));
    members.push(world.patient("third"));
    for member in &members {
        member
            .run(&["patient", "join", &study, "--protocol", protocol])
            .success()
            .stdout(contains("counted"));
    }
    assert!(members[0]
        .output(&["patient", "studies"])
        .contains("counted"));
    members[2].run(&["patient", "leave", &study]).success();
    assert!(members[2].output(&["patient", "studies"]).contains("left"));

    researcher
        .run(&["research", "study", "close", &study])
        .success();
    let revealed = researcher.output(&["research", "study", "reveal", &study]);
    assert!(revealed.contains("status          revealed"), "{revealed}");
    assert!(revealed.contains("participants    2"), "{revealed}");
    // Both records match, so fewer than k did not: the matched count would single them out.
    assert!(
        revealed
            .lines()
            .any(|line| line.contains("matching the criteria") && line.ends_with("withheld")),
        "{revealed}"
    );
    researcher
        .run(&["research", "study", "reveal", &study])
        .code(3)
        .stderr(contains("revealed once"));
}
