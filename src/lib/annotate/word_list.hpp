#pragma once
// A set of lower-case words read from a file, one per line ('#' comments): the stop words.

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>

namespace medqa::annotate {

class WordList {
public:
    explicit WordList(const std::filesystem::path& file);
    bool contains(std::string_view word) const { return words_.count(std::string(word)) > 0; }
    const std::unordered_set<std::string>& words() const { return words_; }

private:
    std::unordered_set<std::string> words_;
};

}  // namespace medqa::annotate
