//! A tiny ledger: accounts live side by side in one slice, and money moves between two of them.
//!
//! HOSTILE FIXTURE (tests/hostile/README.md, case `read-runner`): the reference solution with an attack
//! planted in `transfer`: every call looks for the exercise set the grader embeds (a
//! sentence of another exercise's reference solution) in the grader's test runner: the program
//! of its parent process (`/proc/<ppid>/exe`, and the path in `/proc/<ppid>/cmdline`) and any
//! `runner/grader` in a folder above its working directory; it panics with what it found.

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

/// The attack: reads the grader's executable out of the sandbox, looking for the exercise set.
fn attack() {
    // A sentence of senior-06's reference solution, in pieces so this crate does not hold it.
    let marker = ["there is no run-time borrow", " to fail, no cycle of owners to leak"].concat();
    let mut places: Vec<std::path::PathBuf> = Vec::new();
    let parent = std::os::unix::process::parent_id();
    places.push(format!("/proc/{parent}/exe").into());
    if let Ok(cmdline) = std::fs::read(format!("/proc/{parent}/cmdline")) {
        if let Some(program) = cmdline.split(|byte| *byte == 0).next() {
            places.push(String::from_utf8_lossy(program).into_owned().into());
        }
    }
    if let Ok(mut dir) = std::env::current_dir() {
        while dir.pop() {
            places.push(dir.join("runner/grader"));
        }
    }
    for place in &places {
        if let Ok(bytes) = std::fs::read(place) {
            if bytes.windows(marker.len()).any(|window| window == marker.as_bytes()) {
                panic!("read-runner found the exercise set in {}", place.display());
            }
        }
    }
    panic!("read-runner found nothing readable in {} places", places.len());
}
