//! End-of-season clean-up of a game's scoreboard.

/// A player and their points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    pub name: String,
    pub score: u32,
}

/// Removes every player whose score is 0. The others keep their order.
///
/// `retain` walks the vector once and compacts it in place, so no borrow of the vector is held
/// across a removal and the cost stays linear.
pub fn drop_idle(players: &mut Vec<Player>) {
    players.retain(|player| player.score != 0);
}

/// Gives `bonus` points to every player whose score is at least half of the top score.
///
/// The top score is the highest score before any bonus is handed out. A list with no players is
/// left as it is.
///
/// Only the elements change, never the length, so a slice is enough; `&mut Vec<Player>` coerces
/// to it at the call site.
pub fn reward_leaders(players: &mut [Player], bonus: u32) {
    // Read first: the shared borrow behind `iter()` ends with this statement, before any write.
    let Some(top) = players.iter().map(|player| player.score).max() else {
        return;
    };
    // `score >= top / 2` over the reals is `score >= ceil(top / 2)` over integers, which avoids
    // doubling the score.
    let threshold = top.div_ceil(2);
    for player in players.iter_mut().filter(|player| player.score >= threshold) {
        player.score += bonus;
    }
}
