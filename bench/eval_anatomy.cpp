int main() { return 0; }  // placeholder: being written (issue 3, bench/eval-anatomy)
