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
    let (source, target) = two_mut(accounts, from, to)?;
    source.balance = source
        .balance
        .checked_sub(amount)
        .ok_or(TransferError::InsufficientFunds { balance: source.balance, amount })?;
    target.balance += amount;
    Ok(())
}

/// Exclusive references to two different elements of one slice.
///
/// Two `&mut` obtained by indexing the slice twice would both borrow the *whole* slice, which the
/// borrow checker rejects. `split_at_mut` instead cuts the slice into two non-overlapping halves,
/// so each reference borrows only its own half.
fn two_mut(accounts: &mut [Account], a: usize, b: usize) -> Result<(&mut Account, &mut Account), TransferError> {
    let len = accounts.len();
    if a >= len {
        return Err(TransferError::NoSuchAccount(a));
    }
    if b >= len {
        return Err(TransferError::NoSuchAccount(b));
    }
    if a < b {
        let (left, right) = accounts.split_at_mut(b);
        Ok((&mut left[a], &mut right[0]))
    } else if b < a {
        let (left, right) = accounts.split_at_mut(a);
        Ok((&mut right[0], &mut left[b]))
    } else {
        Err(TransferError::SameAccount)
    }
}
