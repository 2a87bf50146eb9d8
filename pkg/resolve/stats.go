package resolve

import "github.com/fonds-archive/fonds/pkg/model"

// Stats counts what a finding aid holds, for the summary of fonds check.
type Stats struct {
	Components         int `json:"components"`
	Persons            int `json:"persons"`
	PersonsPseudonymed int `json:"personsWithPseudonyms"`
	Pseudonyms         int `json:"pseudonyms"`
	Maintained         int `json:"maintainedPseudonyms"`
	Bodies             int `json:"corporateBodies"`
	Places             int `json:"places"`
	Events             int `json:"events"`
	Reels              int `json:"reels"`
	OnReels            int `json:"inventoryNumbersOnReels"`
	Described          int `json:"describedOnReels"`
	Numbered           int `json:"unitsWithInventoryNumbers"`
}

// Summarize counts a resolved archive.
func Summarize(a *model.Archive) Stats {
	s := Stats{
		Components: len(a.Components),
		Persons:    len(a.People),
		Bodies:     len(a.Bodies),
		Places:     len(a.Places),
		Events:     len(a.Events),
		Reels:      len(a.Reels),
		OnReels:    a.OnReels,
		Numbered:   len(a.ByInv),
	}
	for _, p := range a.People {
		if len(p.Pseudonyms) > 0 {
			s.PersonsPseudonymed++
		}
		s.Pseudonyms += len(p.Pseudonyms)
		for _, ps := range p.Pseudonyms {
			if ps.Maintained {
				s.Maintained++
			}
		}
	}
	for _, c := range a.ByInv {
		if len(c.Reels) > 0 {
			s.Described++
		}
	}
	return s
}
