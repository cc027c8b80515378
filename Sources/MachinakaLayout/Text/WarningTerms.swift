/// Japan's warning vocabulary, which a line must never split: a warning broken across lines
/// can read as a lesser one (「大｜津波警報」 leaves 津波警報 on the second line), and a level
/// parted from its number says nothing (「レベル｜4」). The names JMA and the Cabinet Office's
/// guideline use — warnings and their classes (特別警報, R06's 危険警報), the 警戒レベル and its
/// orders, tsunami, earthquake and landslide information — and the instruction's ending.
enum WarningTerms {
    /// Phenomena whose warnings come in every class.
    private static let phenomena = ["大雨", "洪水", "暴風", "暴風雪", "大雪", "波浪", "高潮", "土砂災害", "氾濫", "雷", "強風", "風雪", "濃霧", "乾燥",
                                    "なだれ", "着氷", "着雪", "融雪", "霜", "低温"]
    private static let classes = ["特別警報", "危険警報", "警報", "注意報"]

    static let japanese: [String] = {
        var terms = phenomena.flatMap { phenomenon in classes.map { phenomenon + $0 } }
        terms += [
            // Tsunami (大津波警報 before 津波警報: the longest unit wins).
            "大津波警報", "津波警報", "津波注意報", "津波予報",
            // Earthquakes, volcanoes, rain.
            "緊急地震速報", "南海トラフ地震臨時情報", "噴火警報", "噴火速報", "噴火警戒レベル", "記録的短時間大雨情報", "線状降水帯",
            // Landslides and rivers.
            "土砂災害警戒情報", "氾濫発生情報", "氾濫危険情報", "氾濫警戒情報", "氾濫注意情報", "指定河川洪水予報",
            // The levels' orders and the words around them.
            "緊急安全確保", "避難指示", "高齢者等避難", "警戒レベル", "特別警報", "危険警報", "熱中症警戒アラート", "熱中症特別警戒アラート",
            // An instruction's ending: 「避難してくだ｜さい。」 reads as a fragment.
            "ください",
        ]
        return terms
    }()

    /// A level with its number, and a level-bearing name with it: レベル４, 警戒レベル5相当,
    /// レベル４大雨危険警報 (R06's names), 警戒レベル4避難指示.
    /// The Chinese names of the same warnings, with their level: 等级5 土石流特别警报, 大雨警报
    /// (Chinese breaks between any two characters: 「土石流特｜别警报」 without this).
    static let chinesePattern = "(?:等级[1-5]\\s?)?[一-龥]{1,6}(?:特别警报|危险警报|注意警报|警报|注意报)"

    static let levelPattern = "(?:警戒)?レベル\\s?[1-5１-５](?:相当)?(?:[一-龥]{1,6}(?:特別警報|危険警報|警報|注意報|警戒情報)|避難指示|緊急安全確保|高齢者等避難)?"
}
