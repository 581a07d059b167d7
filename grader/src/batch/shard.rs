//! Deterministic sharding for CI job matrices: `--shard K/N` grades the submissions whose name
//! hashes to K. The main type is [`Shard`].

/// A deterministic slice of a batch: shard `index` of `count` (1-based), `--shard K/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a shard: write K/N with 1 <= K <= N, e.g. 2/4");
        let (index, count) = text.split_once('/').ok_or_else(bad)?;
        let (index, count) = (index.parse::<u64>().map_err(|_| bad())?, count.parse::<u64>().map_err(|_| bad())?);
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Whether `submission` belongs to this shard (FNV-1a of its name, modulo the count).
    pub fn contains(&self, submission: &str) -> bool {
        let hash = submission
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3));
        hash % self.count == self.index - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_names_deterministically() {
        let names: Vec<String> = (0..200).map(|i| format!("candidate-{i}")).collect();
        let shards: Vec<Shard> = (1..=3).map(|k| format!("{k}/3").parse().expect("shard")).collect();
        for name in &names {
            let owners = shards.iter().filter(|shard| shard.contains(name)).count();
            assert_eq!(owners, 1, "{name} must be in exactly one shard");
        }
        let first: Vec<&String> = names.iter().filter(|name| shards[0].contains(name)).collect();
        assert!(first.len() > 30 && first.len() < 100, "{}", first.len());
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }
}
