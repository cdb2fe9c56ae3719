"""Common Swedish given names: they tell where one person's name starts in a run of names that a PDF
flattened into one line ("Evy Annér Lennart Beijer Monica Bengtsson"). General knowledge of Swedish
naming (the most common given names of people born 1930-2000), not names of any document."""

from __future__ import annotations

_NAMES = """
 Aaron Ada Adam Adrian Agda Agnes Agneta Ahmed Aina Ake Albert Albin Alexander Alexandra Alf Alfred Ali Alice
 Alicia Alma Alva Alvar Amanda Amelia Amir Anders Andreas Andrea André Anette Angelica Anita Ann Anna
 Annbritt Anne Anneli Annelie Annette Annie Annika Anton Arne Arvid Asta Astrid Axel Barbro
 Bengt Benny Berit Bernt Bert Bertil Birger Birgit Birgitta Bittan Björn Bo Bodil Boris Bosse Britt Britta
 Britt-Marie Bruno Börje Camilla Carin Carina Carl Carola Caroline Catarina Catharina Cecilia Charlotta
 Charlotte Christer Christian Christina Christine Christoffer Claes Clara Conny Cristina Dag Dagmar
 Dan Daniel Daniela David Dennis Dick Diana Ebba Edit Edvin Edward Eddie Egon Einar Elias Elin Elina Elisabet
 Elisabeth Ella Ellen Ellinor Elsa Elsie Elvira Emelie Emil Emilia Emma Emmy Erik Erika Eric Erling Ernst
 Esa Esbjörn Ester Eva Evelina Evert Ewa Fanny Felicia Felix Filip Filippa Finn Folke Frank Fred Fredrik
 Frida Fritz Gabriel Gabriella Georg Gerd Gert Gertrud Gittan Greta Gudrun Gun Gunhild Gunilla Gunnar Gunnel
 Gustav Gustaf Gösta Göran Hampus Hanna Hannah Hans Harald Harriet Hasse Hedvig Helen Helena Helene Helge
 Helén Henning Henrietta Henrik Henry Herbert Hilda Hjalmar Håkan Ida Ilse Ing-Marie Inga Inge Ingegerd
 Ingela Ingemar Inger Ingrid Ingvar Irene Iris Isabella Isabelle Isak Ivan Ivar Jacob Jakob Jan
 Jan-Erik Jan-Olof Jan-Olov Janne Jeanette Jennie Jenny Jens Jerker Jesper Jessica Jimmy Joakim Joel Johan
 Johanna Johannes John Johnny Jon Jonas Jonatan Jonathan Josefin Josefine Josef Julia Jörgen Kaj Kajsa Kalle
 Karin Karl Karl-Erik Karolina Katarina Katharina Kay Kenneth Kennet Kent Kerstin Kevin Kim Kjell
 Kjell-Åke Klara Klas Krister Kristian Kristina Kristoffer Kurt Lage Lars Lars-Erik Lars-Göran Lasse Leif
 Lena Lennart Leo Lilian Lillemor Lina Linda Linn Linnea Linnéa Lisa Lise-Lott Lisbeth Liv Lotta Louise
 Lovisa Ludvig Lukas Lydia Madeleine Magdalena Magnus Maj Maj-Britt Malin Malte Margareta Margaretha
 Margit Mari Maria Marianne Marie Marie-Louise Marina Marita Marie-Louice Mark Markus Marcus Marlene Martin
 Martina Mats Mattias Matti Max Maximilian Mia Michael Michel Mikael Mika Mikaela Mohammed Mona
 Mona-Lisa Monica Monika My Märta Nadja Nancy Nanna Natalie Nicklas Niklas Nils Nina Noah Nora Ola Olle Olof
 Olov Oliver Oscar Oskar Otto Ove Patrik Patric Paula Paulina Peder Per Per-Erik Per-Olof Per-Ola Pernilla
 Peter Petra Petter Philip Pia Pontus Ragnar Ragnhild Ralf Ramona Rasmus Raymond Rebecka Reidar Ricardo
 Richard Rickard Rigmor Rikard Rita Robert Robin Roger Roland Rolf Ronny Rose-Marie Rosmarie RosMarie Rune
 Rut Ruth Sabina Sally Sam Samuel Sandra Sanna Sara Sarah Sebastian Siv Simon Sixten Sofia Sofie
 Sonja Sophie Stefan Steffan Staffan Pär Päivi Stellan Sten Stig Stina Susanne Suzanne Svante Sven Sven-Erik Sven-Göthe Sven-Olof
 Sune Sylvia Sören Tage Tanja Tarja Teodor Terese Theresa Therese Thomas Thor Thure Tina Tobias Tom Tomas
 Tommy Tony Tor Torbjörn Tord Tore Torsten Tove Tryggve Tuula Ture Tyra Ulf Ulla Ulla-Britt Ulrica Ulrika
 Urban Ursula Valter Vanja Vera Veronica Veronika Victor Victoria Viktor Viktoria Vilhelm Vilma
 Vincent Viola Virpi Walter Wilhelm William Willy Yngve Yvonne Zara Åke Åsa Örjan Östen Aino Anneli
 Bodil Charlott Dragan Emine Fatima Hassan Jelena Mehmet Milan Mirja Mustafa Nermina Reza Seija Zoran
"""
GIVEN_NAMES: frozenset[str] = frozenset(_NAMES.split())


def is_given_name(word: str) -> bool:
    """'Lennart', 'Kjell-Åke', 'Bo-Eddie' (a hyphenated name whose first part is known)."""
    word = word.strip(".,;:()")
    return word in GIVEN_NAMES or (word.split("-", 1)[0] in GIVEN_NAMES and "-" in word)
