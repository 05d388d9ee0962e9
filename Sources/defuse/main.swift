// defuse: de-escalation training in the terminal. All the work is in
// DefuseCLI (arguments, REPL, rendering) and DefuseCore (trees, checks,
// sessions, exports); this file only hands over the command line.
import DefuseCLI

DefuseCLI.main()
