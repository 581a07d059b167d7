//! End-of-season clean-up of a game's scoreboard.

/// A player and their points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    pub name: String,
    pub score: u32,
}

/// Removes every player whose score is 0. The others keep their order.
pub fn drop_idle(players: &mut Vec<Player>) {
    players.retain(|player| player.score != 0);
}

/// Gives `bonus` points to every player whose score is at least half of the top score.
///
/// The top score is the highest score before any bonus is handed out. A list with no players is
/// left as it is.
pub fn reward_leaders(players: &mut [Player], bonus: u32) {
    // Read everything we need first; the shared borrow ends here...
    let Some(top) = players.iter().map(|p| p.score).max() else {
        return;
    };
    // ...so the exclusive borrow can start.
    for player in players.iter_mut() {
        if u64::from(player.score) * 2 >= u64::from(top) {
            player.score += bonus;
        }
    }
}
