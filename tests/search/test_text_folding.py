from search.text import fold, words


def test_fold_removes_accents_case_and_ligatures():
    assert fold("ÉCOLE Œuvre Noël") == "ecole oeuvre noel"


def test_fold_drops_french_elisions_with_both_apostrophes():
    assert fold("L'Atelier d’Insertion qu'on aime") == "atelier insertion on aime"


def test_fold_keeps_words_that_only_look_like_elisions():
    assert fold("Dl 3D") == "dl 3d"


def test_words_drop_stop_words():
    assert words("La menuiserie de l'Élan et du Bois") == ["menuiserie", "elan", "bois"]
