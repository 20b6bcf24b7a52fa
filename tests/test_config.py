from reader.config import Config, load_config


def write(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_means_defaults(tmp_path):
    assert load_config(tmp_path / "none.toml") == Config()


def test_settings_are_read(tmp_path):
    config = load_config(write(tmp_path, 'theme = "textual-light"\nentity_panel = false\n'))
    assert (config.theme, config.entity_panel, config.warnings) == ("textual-light", False, ())


def test_malformed_file_names_file_and_line_and_falls_back(tmp_path):
    path = write(tmp_path, 'theme = "nord"\nentity_panel = yes please\n')
    config = load_config(path)
    assert (config.theme, config.entity_panel) == (None, None)
    [warning] = config.warnings
    assert warning.startswith(f"{path}: line 2")
    assert warning.endswith("using defaults")


def test_wrong_types_and_unknown_keys_are_named(tmp_path):
    path = write(tmp_path, 'theme = 3\ncolour = "red"\nentity_panel = true\n')
    config = load_config(path)
    assert config.entity_panel is True and config.theme is None
    assert config.warnings == (
        f"{path}: line 1: theme should be a str; using the default",
        f"{path}: line 2: unknown setting 'colour' (known: theme, entity_panel, script, language, keys); ignored",
    )


def test_binary_config_is_a_message(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert load_config(path).warnings == (f"{path}: not UTF-8 text; using defaults",)


def test_language_and_keys_are_read_and_checked(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('language = "zh_CN"\n[keys]\nnext_name = "ctrl+n"\nback = 3\n', encoding="utf-8")
    config = load_config(path)
    assert config.language == "zh"
    assert config.keys == (("next_name", "ctrl+n"),)
    assert config.warnings == (f"{path}: [keys] back: should be a string of keys; ignored",)
    path.write_text('language = "klingon"\n', encoding="utf-8")
    config = load_config(path)
    assert config.language is None and "line 1" in config.warnings[0]


def test_script_setting_names_how_text_is_shown(tmp_path):
    assert load_config(write(tmp_path, 'script = "traditional"\n')).script == "traditional"
    assert load_config(write(tmp_path, 'script = "printed"\n')).script is None
    path = write(tmp_path, 'theme = "nord"\nscript = "klingon"\n')
    config = load_config(path)
    [warning] = config.warnings
    assert config.script is None and warning.startswith(f"{path}: line 2: script should be one of")
