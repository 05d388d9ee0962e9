// The start-up baseline for `make bench`: the smallest Swift program that
// prints a line, built the same way as defuse.
print("minimal")
