#include <doctest/doctest.h>

#include "core/text.hpp"

using namespace medqa::text;

TEST_CASE("tokenize keeps apostrophes inside words and folds case") {
    auto t = tokenize("Don't  touch the TMJ\xE2\x80\x99s area-wise");
    REQUIRE(t.size() == 6);
    CHECK(t[0].word == "don't");
    CHECK(t[3].word == "tmj's");
    CHECK(t[4].word == "area");
    CHECK(t[5].word == "wise");
}
