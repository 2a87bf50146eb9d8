/* Search index of this finding aid, written by fonds; read by search.js. */
window.fondsSearchIndex = {"pages":["inventory.html"],
"units":[],
"names":[],
"reels":[]};
