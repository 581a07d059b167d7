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
    // can't hold two &mut into the slice, so work on copies and put them back
    let mut source = accounts.get(from).unwrap().clone();
    let mut target = accounts[to].clone();
    if source.balance < amount {
        return Err(TransferError::InsufficientFunds { balance: source.balance, amount });
    }
    source.balance -= amount;
    target.balance += amount;
    accounts[from] = source;
    accounts[to] = target;
    Ok(())
}
