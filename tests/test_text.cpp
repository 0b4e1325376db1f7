#include <doctest/doctest.h>

#include "core/fold.hpp"
#include "core/text.hpp"

using namespace medqa::text;

TEST_CASE("tokenize keeps apostrophes inside words and folds case") {
    auto t = tokenize("Don't  touch the TMJ\xE2\x80\x99s area-wise");
    REQUIRE(t.size() == 6);
    CHECK(t[0].word == "don't");
    CHECK(t[3].word == "tmj's");
    CHECK(t[4].word == "area");
    CHECK(t[5].word == "wise");
    CHECK(t[1].begin == 7);
    CHECK(t[1].end == 12);
}

TEST_CASE("tokenize splits on no-break spaces, curly quotes and dashes but keeps accented words") {
    auto t = tokenize("temple.\xC2\xA0Periocular \xE2\x80\x9C" "caf\xC3\xA9\xE2\x80\x9D a\xE2\x80\x94" "b");
    REQUIRE(t.size() == 5);
    CHECK(t[1].word == "periocular");
    CHECK(t[2].word == "caf\xC3\xA9");
    CHECK(t[3].word == "a");
    CHECK(t[4].word == "b");
}

TEST_CASE("tokenize survives broken UTF-8") {
    auto t = tokenize("ok \xC3 \xE2\x80 end\xFF");
    REQUIRE(t.size() == 2);
    CHECK(t[0].word == "ok");
    CHECK(t[1].word == "end");
}

TEST_CASE("sentences end at stops followed by a capital, not at abbreviations or decimals") {
    std::string text = "Dr. Smith gave 2.5 units. It worked! Did it last? yes, e.g. for weeks.\n\nNew paragraph";
    auto spans = sentences(text);
    std::vector<std::string> got;
    for (auto s : spans) got.push_back(text.substr(s.begin, s.end - s.begin));
    REQUIRE(got.size() == 4);
    CHECK(got[0] == "Dr. Smith gave 2.5 units.");
    CHECK(got[1] == "It worked!");
    CHECK(got[2] == "Did it last? yes, e.g. for weeks.");
    CHECK(got[3] == "New paragraph");
}

TEST_CASE("a No. or Yes. that answers ends its sentence, while No. before a number does not") {
    auto split = [](const std::string& text) {
        std::vector<std::string> got;
        for (auto s : sentences(text)) got.push_back(text.substr(s.begin, s.end - s.begin));
        return got;
    };
    CHECK(split("No. Avoid flying until your sinuses clear.") ==
          std::vector<std::string>{"No.", "Avoid flying until your sinuses clear."});
    CHECK(split("Yes. It is safe.") == std::vector<std::string>{"Yes.", "It is safe."});
    CHECK(split("See form No. 5 and No. #12 for details.") ==
          std::vector<std::string>{"See form No. 5 and No. #12 for details."});
}

TEST_CASE("squeeze_space folds runs of white space, including no-break spaces") {
    CHECK(squeeze_space("  a \t b\n\xC2\xA0 c  ") == "a b c");
    CHECK(squeeze_space("") == "");
}

TEST_CASE("headline cuts a long title at a word boundary, never inside a character") {
    CHECK(headline("Can Botox cause a loss of volume?") == "Can Botox cause a loss of volume?");
    CHECK(headline("how do i stop smoking now, i have tried everything", 27) == "how do i stop smoking now…");
    // No space in reach: cut at a character boundary; "é" is two bytes and is not split.
    CHECK(headline("abcdefghié and more", 10) == "abcdefghi…");
    auto cut = headline(std::string(300, 'x') + " end");
    CHECK(cut.size() == 120 + std::string("…").size());
    CHECK(valid_utf8(headline("ééééééééééé", 5)));
}

TEST_CASE("singular folds regular plurals and leaves singular-looking words alone") {
    CHECK(singular("temples") == "temple");
    CHECK(singular("arteries") == "artery");
    CHECK(singular("sinuses") == "sinus");
    CHECK(singular("patches") == "patch");
    CHECK(singular("pancreas") == "pancreas");
    CHECK(singular("pelvis") == "pelvis");
    CHECK(singular("uterus") == "uterus");
    CHECK(singular("abs") == "abs");
}

TEST_CASE("valid_utf8 accepts UTF-8 and rejects broken, overlong and surrogate sequences") {
    CHECK(valid_utf8("plain ascii"));
    CHECK(valid_utf8("caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80"));
    CHECK_FALSE(valid_utf8("caf\xE9"));          // Latin-1
    CHECK_FALSE(valid_utf8("\xC3"));             // truncated
    CHECK_FALSE(valid_utf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(valid_utf8("\xED\xA0\x80"));     // surrogate
    CHECK_FALSE(valid_utf8("\x80 stray"));       // continuation byte alone
}

TEST_CASE("text: control characters become spaces, tab, newline and the rest of UTF-8 stay") {
    CHECK(without_control_characters("a\x1b[31mb\x07" "c") == "a [31mb c");
    CHECK(without_control_characters("line\r\nnext\rover\tTab") == "line\nnext over\tTab");
    CHECK(without_control_characters("caf\xC3\xA9 \xC2\x85 \xC2\xA0 \x7F") == "caf\xC3\xA9   \xC2\xA0  ");  // NEL, NBSP, DEL
    CHECK(first_control_character("plain \xC2\xA0 text\n") == std::nullopt);
    CHECK(first_control_character("id\x1b") == U'\x1b');
    CHECK(first_control_character("id\xC2\x9B") == U'\x9B');
}

TEST_CASE("text: edit distance counts insertions, deletions and substitutions") {
    CHECK(edit_distance("knee", "knee") == 0);
    CHECK(edit_distance("kneee", "knee") == 1);
    CHECK(edit_distance("lowr back", "lower back") == 1);
    CHECK(edit_distance("tempel", "temple") == 2);
    CHECK(edit_distance("", "jaw") == 3);
}

TEST_CASE("fold_accents: Latin letters lose their diacritics, and the rest of the text is kept") {
    CHECK(fold_accents("Sj\xC3\xB6gren's syndrome") == "Sjogren's syndrome");
    CHECK(fold_accents("M\xC3\xA9ni\xC3\xA8re, caf\xC3\xA9 au lait, na\xC3\xAFve") == "Meniere, cafe au lait, naive");
    // The letters without a plain base are spelt in ASCII; case is kept.
    CHECK(fold_accents("Stra\xC3\x9F" "e \xC3\x86ther \xC3\xB8 \xC5\x81\xC3\xB3" "d\xC5\xBA \xC5\x93uvre") ==
          "Strasse AEther o Lodz oeuvre");
    // A mark written apart from its letter (decomposed text), and a dotted i lower-cased from "İ".
    CHECK(fold_accents("e\xCC\x81" "cole hi\xCC\x87v") == "ecole hiv");
    // Punctuation and symbols are not letters: word boundaries stay where they were.
    const std::string punctuation = "\xE2\x80\x9Cquoted\xE2\x80\x9D \xC2\xBD \xC3\x97 a\xE2\x80\x94" "b\xE2\x80\xA6 \xC2\xB5g";
    CHECK(fold_accents(punctuation) == punctuation);
    // Other scripts keep their marks: the Cyrillic short i, Devanagari vowel signs.
    const std::string other = "\xD0\xB9 \xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82\xE0\xA4\xA6\xE0\xA5\x80";
    CHECK(fold_accents(other) == other);
    CHECK(fold_word("\xC3\x89" "cole") == "ecole");  // tokenize lower-cases ASCII letters only
}

TEST_CASE("fold_accents leaves ASCII text exactly as it is") {
    const std::string ascii = "Botox (onabotulinumtoxinA) 20-50 U; \"don't\" e.g. TMJ's pain... 3.5% <ok> & done\n\tend";
    CHECK(fold_accents(ascii) == ascii);
    CHECK(fold_accents("") == "");
    const FoldedText mapped = fold_accents_mapped(ascii);
    CHECK(mapped.text == ascii);
    REQUIRE(mapped.origin.size() == ascii.size() + 1);
    for (size_t i = 0; i <= ascii.size(); ++i) CHECK(mapped.origin[i] == i);
}

TEST_CASE("fold_accents_mapped: where each folded word came from in the original") {
    const std::string original = "Dr. Sj\xC3\xB6gren's Stra\xC3\x9F" "e, e\xCC\x81t\xC3\xA9!";
    const FoldedText folded = fold_accents_mapped(original);
    REQUIRE(folded.text == "Dr. Sjogren's Strasse, ete!");
    REQUIRE(folded.origin.size() == folded.text.size() + 1);
    // The edges of each word map to the edges of the original word.
    auto original_of = [&](std::string_view word) {
        const size_t at = folded.text.find(word);
        return original.substr(folded.origin[at], folded.origin[at + word.size()] - folded.origin[at]);
    };
    CHECK(original_of("Sjogren's") == "Sj\xC3\xB6gren's");
    CHECK(original_of("Strasse") == "Stra\xC3\x9F" "e");
    CHECK(original_of("ete") == "e\xCC\x81t\xC3\xA9");
    CHECK(original_of("!") == "!");
    CHECK(folded.origin.back() == original.size());
}

TEST_CASE("printable escapes control characters and stray bytes, and keeps UTF-8 text") {
    // An escape sequence that would retitle a terminal's window, a bell, a tab, a newline.
    CHECK(printable("hpv\x1b]0;pwned\x07") == "hpv\\x1b]0;pwned\\x07");
    CHECK(printable("a\tb\nc\x7f") == "a\\x09b\\x0ac\\x7f");
    CHECK(printable("hpv\xff") == "hpv\\xff");
    CHECK(printable("\xC2\x9B" "2J") == "\\u009b2J");  // a C1 control (CSI)
    CHECK(printable("Sjögren — café") == "Sjögren — café");
}

TEST_CASE("without_invalid_utf8 makes each stray byte a space") {
    CHECK(without_invalid_utf8("hpv\xff") == "hpv ");
    CHECK(without_invalid_utf8("a\xC3") == "a ");  // a truncated sequence
    CHECK(without_invalid_utf8("café") == "café");
    CHECK(utf8_length_at("é", 0) == 2);
    CHECK(utf8_length_at("\xff", 0) == 0);
}
