//! A world for driving the `medshare` binary: one embedded ledger, and people each with their
//! own home directory (so their own wallet and key file) and passphrase.

#![allow(dead_code)] // each test file uses a different part

pub mod localnet;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub const PASSPHRASE: &str = "correct horse battery staple";

pub struct World {
    dir: tempfile::TempDir,
    /// The JSON-RPC node everyone talks to; the embedded chain when `None`.
    url: Option<String>,
}

pub struct Person {
    pub home: PathBuf,
    ledger: PathBuf,
    url: Option<String>,
}

impl World {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
            url: None,
        }
    }

    /// A world whose people talk to the JSON-RPC node at `url`.
    pub fn on(url: &str) -> Self {
        Self {
            url: Some(url.to_string()),
            ..Self::new()
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Someone with no keys yet.
    pub fn stranger(&self, name: &str) -> Person {
        Person {
            home: self.dir.path().join(name),
            ledger: self.dir.path().join("ledger"),
            url: self.url.clone(),
        }
    }

    /// Someone with a wallet holding 2 SOL and an encryption key.
    pub fn person(&self, name: &str) -> Person {
        let person = self.stranger(name);
        person.run(&["keys", "new"]).success();
        person.run(&["airdrop", "2"]).success();
        person
    }

    /// A person with a record made from the example summary.
    pub fn patient(&self, name: &str) -> Person {
        let patient = self.person(name);
        patient.run(&["patient", "store", "--example"]).success();
        patient
    }

    /// A person with a registered provider profile.
    pub fn provider(&self, name: &str) -> Person {
        let provider = self.person(name);
        provider
            .run(&[
                "provider",
                "register",
                "--name",
                name,
                "--identifier",
                "1234567893",
            ])
            .success();
        provider
    }
}

impl Person {
    /// `medshare` as this person, on the world's embedded chain.
    pub fn medshare(&self) -> Command {
        let mut command = Command::cargo_bin("medshare").expect("the medshare binary");
        command
            .env("HOME", &self.home)
            .env("MEDSHARE_LEDGER", &self.ledger)
            .env("MEDSHARE_PASSPHRASE", PASSPHRASE)
            .env("RUST_LOG", "error")
            .env_remove("MEDSHARE_KEYPAIR")
            .env_remove("MEDSHARE_KEY_FILE")
            .env_remove("XDG_DATA_HOME");
        match &self.url {
            Some(url) => command.env("MEDSHARE_URL", url),
            None => command.env_remove("MEDSHARE_URL"),
        };
        command
    }

    pub fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.medshare().args(args).assert()
    }

    /// Standard output of a command that must succeed.
    pub fn output(&self, args: &[&str]) -> String {
        let output = self.run(args).success().get_output().stdout.clone();
        String::from_utf8(output).expect("utf-8 output")
    }

    pub fn wallet(&self) -> String {
        self.line_value(&["keys", "show"], "wallet")
    }

    pub fn encryption_key(&self) -> String {
        self.line_value(&["keys", "show"], "encryption key")
    }

    fn line_value(&self, args: &[&str], label: &str) -> String {
        let output = self.output(args);
        let line = output
            .lines()
            .find(|line| line.starts_with(label))
            .unwrap_or_else(|| panic!("no {label:?} line in {output}"));
        line[label.len()..].trim().to_string()
    }
}

/// The example FHIR bundle shipped with the repository.
pub fn example_bundle() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/fhir/patient-bundle.json")
}
