// The arcium macros read the compiled circuits from `<workspace>/build/` while this crate
// compiles; rebuild whenever a circuit is recompiled.
fn main() {
    for circuit in [
        "disclose_record",
        "reseal_record",
        "join_study",
        "leave_study",
        "reveal_study",
    ] {
        for ext in ["arcis", "idarc", "hash", "weight"] {
            println!("cargo:rerun-if-changed=../../build/{circuit}.{ext}");
        }
    }
}
