"""Given names and surnames for generated people: an international mix, wide enough that a surname search
matches a realistic handful of clients (about one in two hundred), not a twentieth of the book."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words("""
Aaliyah Aaron Abdul Ada Adam Adele Aditya Adrian Agnes Ahmed Aiko Aisha Alba Alejandro Alex Alice Amara Amelia
Amir Ana Anders Andrea Aniela Anna Anton Arjun Astrid Ava Ayesha Beatriz Ben Bianca Bilal Bjorn Camille Carla
Carlos Caroline Charlie Chen Chiara Chloe Clara Daniel Dara Darius David Diana Dmitri Ebony Elena Eli Elif Ella
Emeka Emil Emma Enzo Erik Esme Ewa Farah Fatima Felix Finn Fiona Freya Gabriel Grace Hana Hannah Hassan Helena
Hugo Ibrahim Ida Imani Ines Isaac Isabel Ivan Jack Jakub James Jana Javier Jin Joao Johan Jonas Jordan Josefine
Julia Julian Kai Kamal Karim Kasia Kate Kenji Kofi Lara Leila Lena Leo Liam Lina Lucia Luca Lukas Maja Malik
Marco Maria Marta Mateo Maya Mei Mia Mila Mohammed Nadia Naomi Nia Nikolai Nina Noah Noor Olga Oliver Omar Oscar
Pablo Paula Pedro Priya Rafael Rahul Rania Ravi Rosa Ruby Ryo Sami Samir Sara Sebastian Selin Sofia Sven Tariq
Tess Theo Tomas Uma Valentina Victor Vikram Wei Yara Yusuf Zainab Zara Zoe
""")

LAST_NAMES = _words("""
Abara Adeyemi Ahmed Akhtar Alvarez Andersen Andersson Antonelli Arslan Bakker Banerjee Barros Bauer Becker Bell
Bianchi Blanc Bondarenko Brennan Brown Bruno Byrne Campbell Carvalho Castro Chatterjee Chen Chowdhury Clarke
Costa Cruz Dahl Dang Das Demir Diallo Dias Dubois Duarte Dvorak Eriksen Evans Fernandes Ferrari Fischer Fitzgerald
Fontaine Fraser Friedman Garcia Gomes Gonzalez Greco Gupta Haddad Hakimi Hall Hansen Hartmann Hassan Hayes Hoffmann
Horvath Hughes Huang Hussain Ibrahim Ito Ivanova Jansen Jensen Johansson Jones Kaczmarek Kapoor Karlsson Kaur Kelly
Khan Kim Klein Kovacs Kowalczyk Kowalski Kozlov Kruger Kumar Larsen Laurent Lee Lehmann Leone Lewis Li Lindqvist
Lopez Lund Maalouf Mahmoud Malik Marino Martin Martins Mayer Mehta Mendes Meyer Mishra Moreau Moreno Muller Murphy
Nakamura Nascimento Navarro Nguyen Nielsen Novak Nowak Obi Oconnor Okafor Okonkwo Oliveira Olsen Ortiz Osei Ozturk
Park Patel Pereira Perez Petrov Pham Popescu Popov Quinn Rahman Raman Ramos Reddy Reyes Ricci Richter Rivera Roberts
Rodrigues Romano Rossi Roy Ruiz Russo Saito Santos Sato Schmidt Schneider Schulz Sharma Silva Singh Smith Sousa
Suzuki Svensson Takahashi Tanaka Taylor Thomas Tran Turner Ueda Vasquez Vogel Wagner Walker Walsh Wang Weber White
Williams Wilson Wojcik Wong Wright Yamamoto Yang Yilmaz Young Zhang Zhao Zielinski
""")
