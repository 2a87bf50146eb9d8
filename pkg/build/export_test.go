package build

// resetInterrupt undoes Interrupt, for the tests that follow.
func resetInterrupt() {
	stages.Lock()
	defer stages.Unlock()
	stages.stopped = false
}
