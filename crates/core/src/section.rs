//! Sections and their IPTC Media Topic codes.

/// IPTC Media Topics, top level: code and English label.
pub const MEDIA_TOPICS: [(&str, &str); 17] = [
    ("01000000", "arts, culture, entertainment and media"),
    ("02000000", "crime, law and justice"),
    ("03000000", "disaster, accident and emergency incident"),
    ("04000000", "economy, business and finance"),
    ("05000000", "education"),
    ("06000000", "environment"),
    ("07000000", "health"),
    ("08000000", "human interest"),
    ("09000000", "labour"),
    ("10000000", "lifestyle and leisure"),
    ("11000000", "politics"),
    ("12000000", "religion"),
    ("13000000", "science and technology"),
    ("14000000", "society"),
    ("15000000", "sport"),
    ("16000000", "conflict, war and peace"),
    ("17000000", "weather"),
];

/// Guesses the Media Topic for a section from its usual newsroom names, so
/// that a section created by an import is classified without a form to fill.
pub fn media_topic_for(section_name: &str) -> Option<&'static str> {
    let name = section_name.trim().to_lowercase();
    let code = match name.as_str() {
        "culture" | "arts" | "entertainment" | "media" | "books" | "film" | "music" => "01000000",
        "crime" | "justice" | "law" | "courts" => "02000000",
        "disaster" | "emergencies" => "03000000",
        "business" | "economy" | "finance" | "markets" | "money" => "04000000",
        "education" | "schools" => "05000000",
        "environment" | "climate" => "06000000",
        "health" => "07000000",
        "human interest" | "people" => "08000000",
        "labour" | "labor" | "work" | "jobs" => "09000000",
        "lifestyle" | "travel" | "food" | "leisure" => "10000000",
        "politics" | "government" | "elections" => "11000000",
        "religion" | "faith" => "12000000",
        "science" | "technology" | "tech" | "science and technology" => "13000000",
        "society" | "city" | "local" | "community" | "national" => "14000000",
        "sport" | "sports" => "15000000",
        "conflict" | "war" | "defence" | "defense" | "world" => "16000000",
        "weather" => "17000000",
        _ => {
            return MEDIA_TOPICS
                .iter()
                .find(|(_, label)| *label == name)
                .map(|(c, _)| *c);
        }
    };
    Some(code)
}

/// The Media Topic's URI, as used in JSON-LD `about` and NewsML-G2 subjects.
pub fn media_topic_uri(code: &str) -> String {
    format!("http://cv.iptc.org/newscodes/mediatopic/{code}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_names_map_to_topics() {
        assert_eq!(media_topic_for("Conflict"), Some("16000000"));
        assert_eq!(media_topic_for(" Business "), Some("04000000"));
        assert_eq!(media_topic_for("environment"), Some("06000000"));
        assert_eq!(media_topic_for("Puzzles"), None);
    }
}
