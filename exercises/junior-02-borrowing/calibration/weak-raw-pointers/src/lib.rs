//! A tiny ledger: accounts live side by side in one slice, and money moves between two of them.

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

/// Moves `amount` cents from `accounts[from]` to `accounts[to]`.
///
/// See README.md for the full rules.
#[allow(clippy::assign_op_pattern)]
pub fn transfer(accounts: &mut [Account], from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
    if from >= accounts.len() {
        return Err(TransferError::NoSuchAccount(from));
    }
    if to >= accounts.len() {
        return Err(TransferError::NoSuchAccount(to));
    }
    if from == to {
        return Err(TransferError::SameAccount);
    }
    // borrow checker won't give two &mut into the slice, go through a raw pointer instead
    let base = accounts.as_mut_ptr();
    let source = unsafe { &mut *base.add(from) };
    let target = unsafe { &mut *base.add(to) };
    if source.balance < amount {
        return Err(TransferError::InsufficientFunds { balance: source.balance, amount });
    }
    source.balance = source.balance - amount;
    target.balance = target.balance + amount;
    Ok(())
}
