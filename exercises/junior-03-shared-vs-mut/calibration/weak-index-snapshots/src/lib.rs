//! End-of-season clean-up of a game's scoreboard.

/// A player and their points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    pub name: String,
    pub score: u32,
}

/// Removes every player whose score is 0. The others keep their order.
pub fn drop_idle(players: &mut Vec<Player>) {
    let old = Vec::from(players.as_slice());
    players.clear();
    for p in old {
        if p.score > 0 {
            players.push(p);
        }
    }
}

/// Gives `bonus` points to every player whose score is at least half of the top score.
///
/// The top score is the highest score before any bonus is handed out. A list with no players is
/// left as it is.
#[allow(clippy::ptr_arg)]
pub fn reward_leaders(players: &mut Vec<Player>, bonus: u32) {
    let top = players.iter().map(|p| p.score).max().unwrap_or(0);
    let leaders: Vec<usize> = players
        .iter()
        .enumerate()
        .filter(|(_, p)| p.score * 2 >= top)
        .map(|(i, _)| i)
        .collect();
    for i in leaders {
        players[i].score += bonus;
    }
}
