//! End-of-season clean-up of a game's scoreboard.

/// A player and their points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    pub name: String,
    pub score: u32,
}

/// Removes every player whose score is 0. The others keep their order.
pub fn drop_idle(players: &mut Vec<Player>) {
    // iterate over a copy so we can remove from the real list
    let snapshot = players.clone();
    for (i, player) in snapshot.iter().enumerate().rev() {
        if player.score == 0 {
            players.remove(i);
        }
    }
}

/// Gives `bonus` points to every player whose score is at least half of the top score.
///
/// The top score is the highest score before any bonus is handed out. A list with no players is
/// left as it is.
pub fn reward_leaders(players: &mut Vec<Player>, bonus: u32) {
    if players.is_empty() {
        return;
    }
    let snapshot = players.clone();
    for (i, player) in snapshot.iter().enumerate() {
        let top = snapshot.iter().map(|p| p.score).max().unwrap();
        if player.score * 2 >= top {
            players[i].score += bonus;
        }
    }
}
