#pragma once
// "THREAD/ANSWER", the id search prints for an answer, taken apart. Thread ids and answer ids
// may both hold '/' (MedQuAD's thread "NIDDK/0000221-12"; thread "sp ace/slash" with answer
// "a/b" prints as "sp ace/slash/a/b"), so where the thread ends cannot be read off the text:
// `medqa show` and `medqa eval` ask what they know (the index, the qrels) by this one rule.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace medqa {

struct AnswerId {
    std::string thread;
    std::string answer;
};

// Tries each '/' of `id`, from the last, so the longest thread id first, and returns the first
// split that `accept(thread, answer)` takes; none when it takes none. `accept` sees the splits
// in that order (a caller may note what it found on the way). A '/' at the start splits off no
// thread.
std::optional<AnswerId> split_answer_id(
    std::string_view id, const std::function<bool(const std::string& thread, const std::string& answer)>& accept);

}  // namespace medqa
