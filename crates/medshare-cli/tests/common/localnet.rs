//! `medshare localnet` (and its bare JSON-RPC node) as child processes of a test, on free ports.

use medshare_sdk::{
    connection::{Connection, RpcConnection},
    embedded::circuit_url,
    instructions::{init_comp_def, CIRCUITS},
};
use solana_keypair::Keypair;
use solana_signer::Signer;
use std::{
    io::{BufRead, BufReader},
    net::{TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{mpsc, Arc, Mutex},
    time::{Duration, Instant},
};

/// How long a node may take to be ready.
const STARTUP: Duration = Duration::from_secs(60);

pub struct Localnet {
    child: Child,
    pub url: String,
    rpc_port: u16,
    ws_port: u16,
    /// Every line printed so far.
    output: Arc<Mutex<Vec<String>>>,
}

impl Localnet {
    /// `medshare localnet` keeping its chain under `ledger`.
    pub fn start(ledger: &Path) -> Self {
        Self::start_on(ledger, (free_port(), free_port()))
    }

    /// `medshare localnet` on the given RPC and websocket ports, as a restart after [`kill`]
    /// brings the same node back for its clients.
    pub fn start_on(ledger: &Path, (rpc_port, ws_port): (u16, u16)) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_medshare"));
        command.arg("--ledger").arg(ledger).arg("localnet");
        Self::spawn(command, rpc_port, ws_port)
    }

    /// The JSON-RPC node alone, on a chain `medshare localnet` created under `ledger`: nothing
    /// delivers computations while it runs.
    pub fn node_only(ledger: &Path) -> Self {
        let (rpc_port, ws_port) = (free_port(), free_port());
        let mut command = Command::new(node_binary());
        command.arg("--ledger").arg(ledger.join("localnet"));
        Self::spawn(command, rpc_port, ws_port)
    }

    fn spawn(mut command: Command, rpc_port: u16, ws_port: u16) -> Self {
        let mut child = command
            .arg("--rpc-port")
            .arg(rpc_port.to_string())
            .arg("--ws-port")
            .arg(ws_port.to_string())
            .env("MEDSHARE_LOCALNET_NODE", node_binary())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the localnet starts");
        let output = Arc::new(Mutex::new(Vec::new()));
        let (ready_tx, ready) = mpsc::channel();
        let stdout = child.stdout.take().expect("piped stdout");
        let lines = output.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.starts_with("ready") {
                    let _ = ready_tx.send(());
                }
                lines.lock().unwrap().push(line);
            }
        });
        if ready.recv_timeout(STARTUP).is_err() {
            let _ = child.kill();
            panic!("the localnet was not ready: {:?}", output.lock().unwrap());
        }
        Self {
            child,
            url: format!("http://127.0.0.1:{rpc_port}"),
            rpc_port,
            ws_port,
            output,
        }
    }

    pub fn ports(&self) -> (u16, u16) {
        (self.rpc_port, self.ws_port)
    }

    pub fn output(&self) -> Vec<String> {
        self.output.lock().unwrap().clone()
    }

    /// The lines starting with `prefix`, once at least one has been printed (the cluster logs a
    /// delivery after its callback is confirmed, which a client may see first).
    pub fn lines_starting(&self, prefix: &str) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let lines: Vec<String> = (self.output().into_iter())
                .filter(|line| line.starts_with(prefix))
                .collect();
            if !lines.is_empty() || Instant::now() > deadline {
                return lines;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Ends the process with SIGKILL, as `kill -9` would, and waits until its port is free.
    pub fn kill(mut self) {
        self.child.kill().expect("the localnet can be killed");
        self.child.wait().expect("the localnet exits");
        let deadline = Instant::now() + STARTUP;
        while TcpStream::connect(("127.0.0.1", self.rpc_port)).is_ok() {
            assert!(
                Instant::now() < deadline,
                "the node outlived its supervisor"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Localnet {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The MXE authority `medshare localnet` created under `ledger`.
pub fn deployer(ledger: &Path) -> Keypair {
    solana_keypair::read_keypair_file(ledger.join("localnet/deployer.json"))
        .expect("the localnet's deployer")
}

/// Registers every circuit as the deployer (what migrations/deploy.ts does from TypeScript).
pub async fn deploy(localnet: &Localnet, ledger: &Path) {
    let deployer = deployer(ledger);
    let instructions: Vec<_> = CIRCUITS
        .iter()
        .filter_map(|circuit| init_comp_def(&deployer.pubkey(), circuit, &circuit_url(circuit), 0))
        .collect();
    RpcConnection::new(&localnet.url)
        .send(&instructions, &[&deployer])
        .await
        .expect("the circuits register");
}

/// The node binary `./scripts/test` builds next to `medshare`.
fn node_binary() -> PathBuf {
    let path = Path::new(env!("CARGO_BIN_EXE_medshare")).with_file_name("medshare-localnet");
    assert!(
        path.exists(),
        "{} is missing: build it with ./scripts/localnet-node",
        path.display()
    );
    path
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}
