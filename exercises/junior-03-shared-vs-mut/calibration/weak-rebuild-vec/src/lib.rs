//! End-of-season clean-up of a game's scoreboard.

/// A player and their points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    pub name: String,
    pub score: u32,
}

/// Removes every player whose score is 0. The others keep their order.
pub fn drop_idle(players: &mut Vec<Player>) {
    *players = players.iter().filter(|p| p.score != 0).cloned().collect();
}

/// Gives `bonus` points to every player whose score is at least half of the top score.
///
/// The top score is the highest score before any bonus is handed out. A list with no players is
/// left as it is.
pub fn reward_leaders(players: &mut Vec<Player>, bonus: u32) {
    if players.len() == 0 {
        return;
    }
    let scores: Vec<u32> = players.iter().map(|p| p.score).collect();
    let top = *scores.iter().max().expect("board is not empty");

    let old = players.to_vec();
    for (i, p) in old.into_iter().enumerate() {
        if p.score * 2 >= top {
            players[i] = Player { name: p.name, score: p.score + bonus };
        }
    }
}
