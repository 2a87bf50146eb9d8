// Package regfile opens regular files the way fonds reads and writes them
// by the thousand: the pages of a site, the files of the build cache.
//
// On Linux, os.Open and os.Create offer every file they open to the
// runtime's network poller: they make the descriptor non-blocking, try to
// add it to epoll, which refuses a regular file, and make it blocking
// again — six system calls for each file where two do (open and one
// fcntl). On a virtual machine where a system call is dear, a rebuild of a
// 1,000-finding-aid corpus from the build cache spent a sixth of its CPU
// time there. The files regfile opens are never offered to the poller;
// their reads and writes are plain blocking system calls, which is what
// Go does for regular files anyway. Elsewhere than on Unix it is os.
package regfile

import "os"

// Open opens the file name for reading, as os.Open does.
func Open(name string) (*os.File, error) { return OpenFile(name, os.O_RDONLY, 0) }

// Create creates or truncates the file name for writing, as os.Create
// does.
func Create(name string) (*os.File, error) {
	return OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}
